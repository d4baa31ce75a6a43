import { HistoryOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { HISTORY_SUBJECT_LABELS, type HistorySubject } from '../../../electron/api/audit-types';
import { HistoryDrawer } from './history-drawer';

/**
 * 修改记录 on a household, worker, grid, problem or archive item: who changed what, when.
 * `title` names the record in the panel's title (e.g. the household head).
 */
export function HistoryButton({
  entity,
  id,
  title,
  type = 'default',
}: {
  entity: HistorySubject;
  id: number;
  title?: string;
  type?: 'default' | 'link';
}) {
  const [open, setOpen] = useState(false);
  const name = title ?? HISTORY_SUBJECT_LABELS[entity];
  return (
    <>
      <Button
        size="small"
        type={type}
        icon={<HistoryOutlined />}
        aria-label={`${name}的修改记录`}
        onClick={() => setOpen(true)}
      >
        修改记录
      </Button>
      {open && (
        <HistoryDrawer entity={entity} entityId={id} title={name} onClose={() => setOpen(false)} />
      )}
    </>
  );
}
