import { InboxOutlined } from '@ant-design/icons';
import { Button, Space, Table, Typography } from 'antd';
import { call } from '../../api/client';
import { useFileToArchive } from '../archive/use-file-to-archive';
import type { ColumnsType } from 'antd/es/table';
import type { SelfCheckFinding } from '../../../../electron/api/self-check-types';
import { openTarget, TARGET_LABELS } from './open-target';

/** Findings shown per page: a big village may have hundreds under one check. */
const PAGE_SIZE = 10;

/** The findings of one check, paged; each subject a link to the record that fixes it. */
type Row = SelfCheckFinding & { key: number; index: number };

export function FindingsTable({ findings }: { findings: readonly SelfCheckFinding[] }) {
  const { fileToArchive, filing } = useFileToArchive();
  const columns: ColumnsType<Row> = [
    // Numbered once for the whole list: antd's render index restarts on every page.
    { title: '序号', dataIndex: 'index', width: 64, align: 'right' },
    { title: '网格', dataIndex: 'gridName', width: 140, ellipsis: true },
    {
      title: '对象',
      dataIndex: 'subject',
      width: 200,
      render: (subject: string, finding) => {
        const { target } = finding;
        // A document not yet filed is fixed by filing it: 归档 right here (the report refreshes).
        if (target.kind === 'document') {
          return (
            <Space size={4} wrap>
              <Typography.Text>{subject}</Typography.Text>
              <Button
                size="small"
                icon={<InboxOutlined />}
                loading={filing}
                aria-label={`归档${subject}`}
                onClick={() =>
                  void fileToArchive(subject, () =>
                    call('archive.fileDocument', { documentId: target.id }),
                  )
                }
              >
                归档
              </Button>
            </Space>
          );
        }
        return (
          <Button
            type="link"
            size="small"
            style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
            title={TARGET_LABELS[target.kind]}
            onClick={() => openTarget(target)}
          >
            {subject}
          </Button>
        );
      },
    },
    { title: '问题说明', dataIndex: 'detail' },
  ];
  return (
    <Table<Row>
      size="small"
      columns={columns}
      dataSource={findings.map((f, i) => ({ ...f, key: i, index: i + 1 }))}
      pagination={
        findings.length > PAGE_SIZE
          ? { pageSize: PAGE_SIZE, showSizeChanger: false, showTotal: (n) => `共 ${n} 条` }
          : false
      }
    />
  );
}
