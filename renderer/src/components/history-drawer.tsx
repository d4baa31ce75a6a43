import { Drawer } from 'antd';
import type { HistorySubject } from '../../../electron/api/audit-types';
import { HistoryTable } from './history-table';

/** 修改记录 of one record in a side panel; it loads when opened, so it is always current. */
export function HistoryDrawer({
  entity,
  entityId,
  title,
  onClose,
}: {
  entity: HistorySubject;
  entityId: number;
  title: string;
  onClose: () => void;
}) {
  return (
    <Drawer open size={960} title={`修改记录：${title}`} onClose={onClose} destroyOnHidden>
      <HistoryTable entity={entity} entityId={entityId} />
    </Drawer>
  );
}
