import { DownOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useState } from 'react';
import type { FilePayload, RosterKind } from '../../../../electron/api/roster-io-types';
import { call } from '../../api/client';
import { downloadFile } from '../../api/files';
import { useAction } from '../../hooks/use-action';
import { ImportDialog } from './import-dialog';

/** 导入导出: templates, imports and the export of the grid being viewed (or all). */
export function ExcelMenu({
  gridId,
  monitorOnly,
}: {
  gridId: number | null;
  /** The household list's filter: the export follows the view. */
  monitorOnly: boolean;
}) {
  const [importing, setImporting] = useState<RosterKind | null>(null);
  const { run, busy } = useAction();
  const download = async (work: () => Promise<FilePayload>) => {
    const file = await run(work);
    if (file) downloadFile(file);
  };
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'import-households', label: '导入农户与成员…' },
            { key: 'import-workers', label: '导入网格员…' },
            { type: 'divider' },
            {
              key: 'export',
              label: `${gridId === null ? '导出全部花名册' : '导出当前网格的花名册'}${monitorOnly ? '（只含监测对象）' : ''}`,
            },
            { type: 'divider' },
            { key: 'template-households', label: '下载农户与成员导入模板' },
            { key: 'template-workers', label: '下载网格员导入模板' },
          ],
          onClick: ({ key }) => {
            if (key === 'import-households') setImporting('households');
            else if (key === 'import-workers') setImporting('workers');
            else if (key === 'export')
              void download(() => call('rosterIo.export', gridId === null ? {} : { gridId }));
            else if (key === 'template-households')
              void download(() => call('rosterIo.template', { kind: 'households' }));
            else if (key === 'template-workers')
              void download(() => call('rosterIo.template', { kind: 'workers' }));
          },
        }}
      >
        <Button icon={<FileExcelOutlined />} loading={busy}>
          导入导出 <DownOutlined />
        </Button>
      </Dropdown>
      {importing && <ImportDialog kind={importing} onClose={() => setImporting(null)} />}
    </>
  );
}
