import { DeleteOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { NoticeMeasureText, NoticeTable } from '../../../../electron/api/notices-types';

interface Row {
  /** The row's place in the draft, kept when rows before it are removed. */
  index: number;
  key: string;
  /** 序号 as it will be printed (after removals). */
  serial: number;
  cells: string[];
}

/** The column of a 帮扶措施公示 that prints each measure's public description. */
const MEASURE_TEXT_COLUMN = '措施内容';

/**
 * The draft's table as it will be printed. The rows come from the roster (docs/domain.md §4): the
 * clerk may remove rows (a household that should not be listed) and, on a 帮扶措施公示, write
 * the public description of each measure (default the category's plain name — never the
 * measure's own content; health measures always read 健康帮扶). No other cell is typed here.
 * 序号 is numbered as printed.
 */
export function NoticeRows({
  table,
  rowKeys,
  measures,
  texts,
  flagged,
  onText,
  removed,
  onRemove,
  onRestore,
}: {
  table: NoticeTable;
  rowKeys: string[];
  measures: NoticeMeasureText[];
  /** What the clerk wrote so far, by row key. */
  texts: ReadonlyMap<string, string>;
  /** Hit fields of the last preview ('measure:m34'): the measure's text is marked. */
  flagged: ReadonlySet<string>;
  onText: (key: string, text: string) => void;
  removed: ReadonlySet<number>;
  onRemove: (index: number) => void;
  onRestore: () => void;
}) {
  const byKey = new Map(measures.map((m) => [m.key, m]));
  const textColumn = measures.length > 0 ? table.columns.indexOf(MEASURE_TEXT_COLUMN) : -1;
  const rows: Row[] = table.rows
    .map((cells, index) => ({ index, key: rowKeys[index] ?? String(index), serial: 0, cells }))
    .filter((row) => !removed.has(row.index))
    .map((row, i) => ({ ...row, serial: i + 1 }));

  const measureCell = (row: Row) => {
    const measure = byKey.get(row.key);
    if (!measure) return row.cells[textColumn] ?? '';
    if (measure.fixed) {
      return (
        <Space size={4}>
          {measure.text}
          <Tag>健康类，固定显示</Tag>
        </Space>
      );
    }
    return (
      <Input
        size="small"
        maxLength={40}
        aria-label={`第 ${row.serial} 行措施公示内容`}
        status={flagged.has(`measure:${row.key}`) ? 'error' : undefined}
        placeholder={measure.text}
        value={texts.get(row.key) ?? measure.text}
        onChange={(event) => onText(row.key, event.target.value)}
        style={{ minWidth: 220 }}
      />
    );
  };

  const columns: ColumnsType<Row> = [
    { title: '序号', dataIndex: 'serial', width: 60 },
    ...table.columns.map((title, c) => ({
      title: c === textColumn ? `${title}（公示用语，可修改）` : title,
      key: `c${c}`,
      render: (_: unknown, row: Row) =>
        c === textColumn ? measureCell(row) : (row.cells[c] ?? ''),
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
      {textColumn >= 0 && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          公示只写措施类别和一句公开的说明（默认是类别名称），不印台账里的措施内容，不写病情、身份证号、电话。
        </Typography.Paragraph>
      )}
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
