import { DeleteOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { NoticeTable } from '../../../../electron/api/notices-types';

interface Row {
  /** The row's place in the draft, kept when rows before it are removed. */
  index: number;
  /** 序号 as it will be printed (after removals). */
  serial: number;
  cells: string[];
}

/**
 * The draft's table as it will be printed: the clerk may remove rows (a household that
 * should not be listed) but not edit cells, so nothing private is typed in here; the
 * service filters every cell again anyway (docs/domain.md §4). 序号 is numbered as printed.
 */
export function NoticeRows({
  table,
  removed,
  onRemove,
  onRestore,
}: {
  table: NoticeTable;
  removed: ReadonlySet<number>;
  onRemove: (index: number) => void;
  onRestore: () => void;
}) {
  const rows: Row[] = table.rows
    .map((cells, index) => ({ index, serial: 0, cells }))
    .filter((row) => !removed.has(row.index))
    .map((row, i) => ({ ...row, serial: i + 1 }));
  const columns: ColumnsType<Row> = [
    { title: '序号', dataIndex: 'serial', width: 60 },
    ...table.columns.map((title, c) => ({
      title,
      key: `c${c}`,
      render: (_: unknown, row: Row) => row.cells[c] ?? '',
    })),
    {
      title: '',
      key: 'remove',
      width: 70,
      render: (_, row) => (
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={`移除第 ${row.index + 1} 行`}
          onClick={() => onRemove(row.index)}
        >
          移除
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text>
          公示名单 {rows.length} 行{removed.size > 0 && `（已移除 ${removed.size} 行）`}
        </Typography.Text>
        {removed.size > 0 && (
          <Button size="small" icon={<UndoOutlined />} onClick={onRestore}>
            全部恢复
          </Button>
        )}
      </Space>
      <Table<Row>
        aria-label="公示名单"
        size="small"
        rowKey="index"
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content', y: 320 }}
        locale={{ emptyText: '表格中没有任何一行' }}
      />
    </>
  );
}
