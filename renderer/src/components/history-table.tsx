import { Alert, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import {
  HISTORY_SUBJECT_LABELS,
  HISTORY_SUBJECTS,
  type HistoryEntry,
  type HistorySubject,
} from '../../../electron/api/audit-types';
import { useCall } from '../hooks/use-call';
import { DateRangeFilter, dateRangeOf, type DateRangeText } from './date-range-filter';

const EMPTY = '（空）';

/**
 * The changes of one entry, one line each. A 修改 always shows 「前 → 后」; a new record (or a
 * reveal) lists only what it was given, a deleted one only what it held.
 */
function ChangeLines({ entry }: { entry: HistoryEntry }) {
  const { changes } = entry;
  if (changes.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const oneSided = entry.action !== 'update';
  const created = oneSided && changes.every((c) => c.before === EMPTY);
  const deleted = oneSided && changes.every((c) => c.after === EMPTY);
  return (
    <div>
      {changes.map((c) => (
        <div key={c.field}>
          <Typography.Text type="secondary">{c.label}：</Typography.Text>
          {created ? (
            c.after
          ) : deleted ? (
            c.before
          ) : (
            <>
              <Typography.Text delete={c.before !== EMPTY}>{c.before}</Typography.Text>
              {' → '}
              <Typography.Text strong>{c.after}</Typography.Text>
            </>
          )}
        </div>
      ))}
    </div>
  );
}

const ACTION_COLORS: Record<string, string> = {
  create: 'green',
  delete: 'red',
  reveal: 'orange',
  update: 'blue',
};

/**
 * 修改记录 / 操作记录: who changed what when, newest first, with filters by 操作员 and date
 * (and, for the whole trail, by kind of record), a page at a time from the service.
 */
export function HistoryTable({
  entity,
  entityId,
  kindFilter = false,
}: {
  entity?: HistorySubject;
  entityId?: number;
  /** The whole trail: offer 记录类型 as a filter too. */
  kindFilter?: boolean;
}) {
  const [operator, setOperator] = useState<string>();
  // 从 … 到 as typed (2026/3/1 kept); only dates that parse narrow the trail.
  const [range, setRange] = useState<DateRangeText>({});
  const { from, to } = dateRangeOf(range);
  const [kind, setKind] = useState<HistorySubject>();
  const [page, setPage] = useState({ current: 1, size: 20 });
  const operators = useCall('audit.operators');
  const history = useCall('audit.history', {
    entity: entity ?? kind,
    entityId,
    operator,
    from,
    // A reversed range is marked on the fields and narrows nothing until it is put right.
    to: from && to && from > to ? undefined : to,
    limit: page.size,
    offset: (page.current - 1) * page.size,
  });
  // A new filter starts again on the first page.
  const filtered =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPage((p) => ({ ...p, current: 1 }));
    };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {kindFilter && (
          <Select<HistorySubject>
            aria-label="记录类型"
            allowClear
            placeholder="全部记录"
            style={{ width: 140 }}
            value={kind}
            onChange={filtered(setKind)}
            options={HISTORY_SUBJECTS.map((s) => ({ value: s, label: HISTORY_SUBJECT_LABELS[s] }))}
          />
        )}
        <Select<string>
          aria-label="操作员"
          allowClear
          showSearch
          placeholder="全部操作员"
          style={{ width: 160 }}
          value={operator}
          onChange={filtered(setOperator)}
          options={(operators.data ?? []).map((name) => ({ value: name, label: name }))}
        />
        <DateRangeFilter label="修改日期" value={range} onChange={filtered(setRange)} />
      </Space>
      {history.error && <Alert type="error" showIcon title={history.error.message} />}
      <Table<HistoryEntry>
        size="small"
        rowKey="id"
        loading={history.loading}
        dataSource={history.data?.entries ?? []}
        locale={{ emptyText: '没有符合条件的修改记录' }}
        pagination={{
          current: page.current,
          pageSize: page.size,
          total: history.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => `共 ${total} 条`,
          onChange: (current, size) =>
            setPage((p) => ({ current: size === p.size ? current : 1, size })),
        }}
        columns={[
          {
            title: '时间',
            dataIndex: 'at',
            width: 150,
            render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
          },
          { title: '操作员', dataIndex: 'operator', width: 90 },
          {
            title: '操作',
            dataIndex: 'actionLabel',
            width: 120,
            render: (label: string, e) => <Tag color={ACTION_COLORS[e.action]}>{label}</Tag>,
          },
          { title: '内容', dataIndex: 'subject', width: 200 },
          {
            title: '修改前 → 修改后',
            key: 'changes',
            render: (_, entry) => <ChangeLines entry={entry} />,
          },
        ]}
      />
    </Space>
  );
}
