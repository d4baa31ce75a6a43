import { Descriptions, Tag, Typography } from 'antd';
import type { ProblemDetail } from '../../../../electron/api/ledger-types';
import { ProblemStatusTag } from './status-tag';

/** The ledger row of one problem, as the paper ledger has it. */
export function ProblemSummary({ problem }: { problem: ProblemDetail }) {
  const household = problem.household;
  return (
    <Descriptions
      size="small"
      bordered
      column={2}
      items={[
        {
          key: 'who',
          label: problem.householdId ? '户主' : '反映人',
          children: problem.householdId ? (
            <>
              {problem.headName}
              {household?.monitorCategory && (
                <Tag color="orange" style={{ marginLeft: 8 }}>
                  {household.monitorCategory}
                  {household.eliminationStatus ? `·${household.eliminationStatus}` : ''}
                </Tag>
              )}
            </>
          ) : (
            `${problem.personName}（线索，未关联农户）`
          ),
        },
        { key: 'grid', label: '网格', children: problem.gridPath.join(' / ') },
        { key: 'worker', label: '登记网格员', children: problem.workerName },
        { key: 'place', label: '地点', children: problem.place || '—' },
        { key: 'category', label: '类别', children: problem.category },
        { key: 'source', label: '来源', children: problem.source },
        { key: 'registered', label: '登记日期', children: problem.registeredDate },
        {
          key: 'due',
          label: '办结时限',
          children:
            problem.overdueDays !== null ? (
              <Typography.Text type="danger">
                {problem.dueDate}（已逾期 {problem.overdueDays} 天）
              </Typography.Text>
            ) : (
              problem.dueDate
            ),
        },
        { key: 'description', label: '问题描述', span: 2, children: problem.description },
        {
          key: 'status',
          label: '状态',
          children: <ProblemStatusTag status={problem.status} overdueDays={problem.overdueDays} />,
        },
        {
          key: 'resolved',
          label: '办结日期',
          children: problem.resolvedDate ? (
            <>
              {problem.resolvedDate}
              {problem.closedOnTime === false && (
                <Tag color="red" style={{ marginLeft: 8 }}>
                  超过时限
                </Tag>
              )}
            </>
          ) : (
            '—'
          ),
        },
        { key: 'measure', label: '处置措施', span: 2, children: problem.measureTaken || '—' },
        { key: 'responsible', label: '责任人', children: problem.responsiblePerson || '—' },
        {
          key: 'followUp',
          label: '回访',
          children: problem.followUpDate
            ? `${problem.followUpDate} ${problem.satisfaction ?? ''}：${problem.followUpResult}`
            : '—',
        },
        ...(problem.note ? [{ key: 'note', label: '备注', span: 2, children: problem.note }] : []),
      ]}
    />
  );
}
