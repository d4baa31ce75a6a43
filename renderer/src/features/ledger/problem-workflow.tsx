import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Space, Steps, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { DECISION_STEP, NOTICE_STEP } from '../../../../electron/api/ledger-enums';
import type { ProblemDetail, WorkflowItem } from '../../../../electron/api/ledger-types';
import { call } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { showAnswer } from '../../hooks/use-call';
import { BackfillTag } from './backfill-fields';
import { StepForm } from './step-form';

function StepContent({ item }: { item: WorkflowItem }) {
  const record = item.record;
  const lines: ReactNode[] = [];
  if (record) {
    lines.push(
      item.step === NOTICE_STEP ? (
        <span key="date">
          公示期 {record.date} 至 {record.endDate}
        </span>
      ) : (
        <span key="date">日期 {record.date}</span>
      ),
    );
    if (record.person) lines.push(<span key="person">经办人 {record.person}</span>);
    if (record.backfillReason)
      lines.push(<BackfillTag key="backfill" reason={record.backfillReason} />);
    if (record.dueDate) {
      lines.push(
        <span key="due">
          时限 {record.dueDate}
          {record.late && (
            <Tag color="red" style={{ marginLeft: 4 }}>
              超时办理
            </Tag>
          )}
        </span>,
      );
    }
  } else if (item.dueDate) {
    lines.push(
      <Typography.Text key="due" type={item.overdueDays !== null ? 'danger' : 'secondary'}>
        时限 {item.dueDate}
        {item.overdueDays !== null && `，已逾期 ${item.overdueDays} 天`}
      </Typography.Text>,
    );
  }
  return (
    <div>
      <Space size={12} wrap>
        {lines}
      </Space>
      {record?.outcome && <div style={{ whiteSpace: 'pre-wrap' }}>{record.outcome}</div>}
    </div>
  );
}

/**
 * 处置流程: the seven steps in order (docs/domain.md §3), each with its date, person, outcome and
 * time limit (red when past). A step out of order is refused unless recorded as 补录 with a
 * reason (shown as a tag). 县级审定 reads as the decision level of the settings.
 */
export function ProblemWorkflow({ problem }: { problem: ProblemDetail }) {
  // The whole problem each change returns, shown at once in the drawer (the cache).
  const show = (saved: ProblemDetail) => showAnswer('problems.get', { id: problem.id }, saved);
  const { confirmDelete } = useAction();
  const [editing, setEditing] = useState<WorkflowItem | null>(null);
  const firstOpen = problem.workflow.findIndex((item) => !item.record);
  const labelOf = (item: WorkflowItem) =>
    item.step === DECISION_STEP ? problem.decisionLabel : item.step;

  const remove = (item: WorkflowItem) =>
    confirmDelete({
      title: `删除「${item.step}」的办理记录？`,
      content: '删除后这一环节变为未办理，已上传的附件仍保留在问题下。',
      remove: () => call('problems.removeStep', { id: item.record!.id }),
      success: '已删除',
      onDone: show,
    });

  return (
    <>
      <Steps
        orientation="vertical"
        size="small"
        current={firstOpen === -1 ? problem.workflow.length : firstOpen}
        items={problem.workflow.map((item) => ({
          key: item.step,
          title: (
            <Space size={8}>
              <span>{labelOf(item)}</span>
              <Button
                size="small"
                type="link"
                icon={item.record ? <EditOutlined /> : <PlusOutlined />}
                aria-label={`${item.record ? '修改' : '登记'}${item.step}`}
                onClick={() => setEditing(item)}
              >
                {item.record ? '修改' : '登记'}
              </Button>
              {item.record && (
                <Button
                  size="small"
                  type="link"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`删除${item.step}`}
                  onClick={() => remove(item)}
                />
              )}
            </Space>
          ),
          status: item.record ? 'finish' : item.overdueDays !== null ? 'error' : 'wait',
          content: <StepContent item={item} />,
        }))}
      />
      {editing && (
        <StepForm
          problemId={problem.id}
          item={editing}
          label={labelOf(editing)}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            show(saved);
          }}
        />
      )}
    </>
  );
}
