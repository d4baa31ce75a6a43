import { DeleteOutlined, FileExcelOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { hashNumber } from '../../app/navigation';
import type { MeetingSummary } from '../../../../electron/api/visits-types';
import { call } from '../../api/client';
import { downloadFile } from '../../api/files';
import {
  dateRangeOf,
  DateRangeFilter,
  type DateRangeText,
} from '../../components/date-range-filter';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { filedKey } from '../../../../electron/api/archive-types';
import { ArchivedBadge, useFiledRecords } from '../archive/archived-badge';
import { useFileToArchive } from '../archive/use-file-to-archive';
import { MeetingForm } from './meeting-form';

/**
 * 月度会商: the minutes of the monthly grid meetings, each exportable for the file and filed
 * into 档案管理 (归档: a one-meeting PDF with a 档号).
 */
export function MeetingsTab() {
  const { run, confirmDelete } = useAction();
  const [exporting, setExporting] = useState<number | null>(null);
  // '#/visits?meetings=<grid>' (迎检自查's link to a month without a meeting): that grid's.
  const [gridId, setGridId] = useState<number | undefined>(
    () => hashNumber(window.location.hash, 'meetings') ?? undefined,
  );
  const [range, setRange] = useState<DateRangeText>({});
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const list = useCall('meetings.list', { ...(gridId ? { gridId } : {}), ...dateRangeOf(range) });

  const exportMeeting = async (id: number) => {
    setExporting(id);
    const file = await run(() => call('meetings.export', { id }));
    setExporting(null);
    if (file) downloadFile(file);
  };
  const { fileToArchive, filing } = useFileToArchive();
  const [filingId, setFilingId] = useState<number | null>(null);
  // 已归档 with the 档号 of each filed meeting (docs/domain.md §6: a record is filed once).
  const filed = useFiledRecords('minutes');
  const fileMeeting = async (m: MeetingSummary) => {
    setFilingId(m.id);
    await fileToArchive(`${m.date} ${m.gridName}会商记录`, () =>
      call('archive.fileGenerated', { kind: 'minutes', meetingId: m.id }),
    );
    setFilingId(null);
  };
  const remove = (m: MeetingSummary) =>
    confirmDelete({
      title: `删除 ${m.date} ${m.gridName}的会商记录？`,
      content: '关联的问题仍保留在问题台账中。',
      remove: () => call('meetings.delete', { id: m.id }),
      success: '会商记录已删除',
    });

  const columns: ColumnsType<MeetingSummary> = [
    { title: '会商日期', dataIndex: 'date', width: 105 },
    { title: '网格', dataIndex: 'gridName', width: 120 },
    { title: '地点', dataIndex: 'place', width: 140, ellipsis: true },
    { title: '主持人', dataIndex: 'host', width: 90 },
    { title: '记录人', dataIndex: 'recorder', width: 90 },
    { title: '参会人员', dataIndex: 'attendees', ellipsis: true },
    {
      title: '研判问题',
      dataIndex: 'problemCount',
      width: 90,
      align: 'right',
      render: (n) => `${n} 件`,
    },
    {
      title: '',
      key: 'actions',
      // Room for 「已归档 档号 Z109-WS·2026-D30-FFP-0001」 in place of 归档.
      width: 340,
      render: (_, m) => {
        const filedAs = filed.get(filedKey.minutes(m.id));
        return (
          <Space size={0} onClick={(e) => e.stopPropagation()}>
            <Button
              size="small"
              type="link"
              icon={<FileExcelOutlined />}
              loading={exporting === m.id}
              aria-label={`导出${m.date}的会商记录`}
              onClick={() => void exportMeeting(m.id)}
            >
              导出
            </Button>
            {filedAs ? (
              <ArchivedBadge code={filedAs.archivalCode} title={filedAs.title} />
            ) : (
              <Button
                size="small"
                type="link"
                icon={<InboxOutlined />}
                loading={filing && filingId === m.id}
                disabled={filing && filingId !== m.id}
                aria-label={`归档${m.date}的会商记录`}
                onClick={() => void fileMeeting(m)}
              >
                归档
              </Button>
            )}
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={`删除${m.date}的会商记录`}
              onClick={() => remove(m)}
            />
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <GridTreeSelect value={gridId} onChange={setGridId} ariaLabel="按网格筛选" />
          <DateRangeFilter label="会商日期" value={range} onChange={setRange} />
        </Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新增会商记录
        </Button>
      </Space>
      {list.error && (
        <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />
      )}
      <Table<MeetingSummary>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(m) => ({ onClick: () => setEditing(m.id), style: { cursor: 'pointer' } })}
        locale={{
          emptyText:
            gridId || range.from || range.to
              ? '没有符合筛选条件的会商记录，可清除网格或日期'
              : '还没有会商记录，点「新增会商记录」添加',
        }}
      />
      {editing !== null && (
        <MeetingForm
          meetingId={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => setEditing(null)}
        />
      )}
    </>
  );
}
