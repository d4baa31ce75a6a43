import { FileExcelOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { EvaluationRow, Grade, Rate } from '../../../../electron/api/reports-types';
import { call } from '../../api/client';
import { downloadFile } from '../../api/files';
import { formatNumber, NOWRAP } from '../../components/format';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { useTableHeight } from '../../components/table-height';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { ManualScoreEditor } from './manual-score-editor';
import { currentQuarter, PeriodPicker } from './period-picker';

const GRADE_COLORS: Record<Grade, string> = {
  优秀: 'green',
  良好: 'blue',
  合格: 'gold',
  不合格: 'red',
};

// One line: a rate never breaks inside its parenthesis.
const rate = (r: Rate) => (
  <span title={`${r.numerator}/${r.denominator}`} style={NOWRAP}>
    {r.text}
    <Typography.Text type="secondary">
      {' '}
      ({formatNumber(r.numerator)}/{formatNumber(r.denominator)})
    </Typography.Text>
  </span>
);
const figure = (value: number) => <span style={NOWRAP}>{formatNumber(value)}</span>;

/** 实绩评价: per worker, the parts counted from the ledger, a manual score, total and grade. */
export function EvaluationTab() {
  const [period, setPeriod] = useState(currentQuarter);
  const [gridId, setGridId] = useState<number>();
  const input = { period, ...(gridId ? { gridId } : {}) };
  const list = useCall('evaluations.list', input);
  const { run, busy } = useAction();
  const weights = list.data?.weights;
  const height = useTableHeight(300);

  const exportList = async () => {
    const file = await run(() => call('evaluations.export', input));
    if (file) downloadFile(file);
  };

  const columns: ColumnsType<EvaluationRow> = [
    { title: '网格员', dataIndex: 'workerName', width: 90, fixed: 'left' },
    { title: '分工', dataIndex: 'roles', width: 140, ellipsis: true },
    { title: '走访次数', dataIndex: 'visitsDone', width: 72, align: 'right', render: figure },
    {
      title: '按时走访率',
      key: 'visitsOnTime',
      width: 150,
      render: (_, r) => rate(r.visitsOnTimeRate),
    },
    { title: '发现问题', dataIndex: 'problemsFound', width: 72, align: 'right', render: figure },
    {
      title: '按时办结率',
      key: 'closedOnTime',
      width: 150,
      render: (_, r) => rate(r.closedOnTimeRate),
    },
    {
      title: '人工评分 / 评价说明',
      key: 'manual',
      width: 270,
      render: (_, r) => (
        <ManualScoreEditor
          // A fresh editor when the saved values change (after a save or a new period).
          key={`${period}|${r.manualScore}|${r.note}`}
          row={r}
          period={period}
        />
      ),
    },
    {
      title: '综合得分',
      dataIndex: 'totalScore',
      width: 80,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : v.toFixed(2)),
    },
    {
      title: '等级',
      dataIndex: 'grade',
      width: 66,
      render: (g: Grade | null) => (g ? <Tag color={GRADE_COLORS[g]}>{g}</Tag> : '—'),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <PeriodPicker value={period} onChange={setPeriod} />
          <GridTreeSelect value={gridId} onChange={setGridId} ariaLabel="按网格筛选" />
        </Space>
        <Button icon={<FileExcelOutlined />} loading={busy} onClick={exportList}>
          导出评价表
        </Button>
      </Space>
      {list.data && (
        <Typography.Paragraph type="secondary">
          评价期间 {list.data.periodStart} 至 {list.data.periodEnd}。综合得分 = 按时走访率 ×{' '}
          {weights?.visitsOnTime}% + 按时办结率 × {weights?.closedOnTime}% + 人工评分 ×{' '}
          {weights?.manual}%（某项无可计算的内容时，按其余各项折算）；90 分及以上优秀，75 分及以上良好，60
          分及以上合格。
        </Typography.Paragraph>
      )}
      {list.error && (
        <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />
      )}
      <Table<EvaluationRow>
        size="small"
        rowKey="workerId"
        columns={columns}
        dataSource={list.data?.rows ?? []}
        loading={list.loading}
        pagination={false}
        // Every column fits beside the menu at 1366×768 (issue 12 item 7).
        scroll={{ x: 1090, y: height }}
        virtual
        locale={{ emptyText: '这个期间没有在岗的网格员' }}
      />
    </>
  );
}
