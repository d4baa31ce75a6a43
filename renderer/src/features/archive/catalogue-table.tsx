import { DeleteOutlined, EditOutlined, EyeOutlined, LockOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ArchiveItem } from '../../../../electron/api/archive-types';
import { HistoryButton } from '../../components/history-button';

/**
 * 归档文件目录 on screen: the catalogue's nine columns in their order (序号, 档号, 文号, 责任者,
 * 题名, 日期, 密级, 页数, 备注; docs/domain.md §6) and 类别, one line per row. `virtual` renders only
 * the rows in view: a year of a township's items stays quick.
 */
export function CatalogueTable({
  items,
  loading,
  onView,
  onEdit,
  onDelete,
}: {
  items: ArchiveItem[];
  loading: boolean;
  onView: (item: ArchiveItem) => void;
  onEdit: (item: ArchiveItem) => void;
  onDelete: (item: ArchiveItem) => void;
}) {
  const columns: ColumnsType<ArchiveItem> = [
    {
      title: '序号',
      key: 'seq',
      width: 60,
      align: 'right',
      fixed: 'left',
      render: (_, _item, index) => index + 1,
    },
    {
      title: '档号',
      key: 'archivalCode',
      // Room for the 档号 and the lock of a handed-over item on one line.
      width: 240,
      fixed: 'left',
      // Handed over (exported or sealed): the number never changes (docs/domain.md §6).
      render: (_, item) =>
        item.fixed ? (
          <Tooltip title="已移交（导出或封存过）：档号和件号不再改变，删除须写明原因并记入备考表">
            <span>
              {item.archivalCode} <LockOutlined aria-label="已移交" style={{ color: '#8c8c8c' }} />
            </span>
          </Tooltip>
        ) : (
          item.archivalCode
        ),
    },
    { title: '文号', dataIndex: 'docNo', width: 130, ellipsis: { showTitle: true } },
    { title: '责任者', dataIndex: 'responsible', width: 150, ellipsis: { showTitle: true } },
    { title: '题名', dataIndex: 'title', width: 300, ellipsis: { showTitle: true } },
    { title: '日期', dataIndex: 'date', width: 90 },
    { title: '密级', dataIndex: 'secrecy', width: 60 },
    { title: '页数', dataIndex: 'pages', width: 60, align: 'right' },
    {
      title: '备注',
      key: 'note',
      width: 140,
      ellipsis: { showTitle: true },
      render: (_, item) =>
        item.householdHead
          ? `${item.note ? `${item.note}；` : ''}户主 ${item.householdHead}`
          : item.note,
    },
    { title: '类别', dataIndex: 'category', width: 100 },
    {
      title: '',
      key: 'actions',
      width: 290,
      fixed: 'right',
      render: (_, item) => (
        <Space size={0}>
          <Tooltip title={`原件（${item.format.toUpperCase()}）`}>
            <Button
              size="small"
              type="link"
              icon={<EyeOutlined />}
              aria-label={`查看${item.archivalCode}`}
              onClick={() => onView(item)}
            >
              查看
            </Button>
          </Tooltip>
          <Button
            size="small"
            type="link"
            icon={<EditOutlined />}
            aria-label={`修改${item.archivalCode}`}
            onClick={() => onEdit(item)}
          >
            修改
          </Button>
          <Button
            size="small"
            type="link"
            danger
            icon={<DeleteOutlined />}
            aria-label={`删除${item.archivalCode}`}
            onClick={() => onDelete(item)}
          >
            删除
          </Button>
          <HistoryButton entity="archiveItem" id={item.id} title={item.archivalCode} type="link" />
        </Space>
      ),
    },
  ];
  return (
    <Table<ArchiveItem>
      virtual
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 1620, y: 520 }}
      pagination={false}
      footer={() => `共 ${items.length} 件，${items.reduce((n, i) => n + i.pages, 0)} 页`}
      locale={{ emptyText: '本年度还没有归档文件' }}
    />
  );
}
