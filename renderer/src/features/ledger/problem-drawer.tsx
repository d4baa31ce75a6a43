import {
  CheckCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  PhoneOutlined,
  RollbackOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, ConfigProvider, Divider, Drawer, Space, Spin } from 'antd';
import { useState } from 'react';
import type { ProblemDetail } from '../../../../electron/api/ledger-types';
import { call } from '../../api/client';
import { HistoryButton } from '../../components/history-button';
import { useAction } from '../../hooks/use-action';
import { showAnswer, useCall } from '../../hooks/use-call';
import { isRollUpWorkspace, useWorkspace } from '../../hooks/use-workspace';
import { FollowUpForm } from './follow-up-form';
import { IdentifyForm } from './identify-form';
import { ProblemProcedure } from './problem-procedure';
import { ProblemAttachments } from './problem-attachments';
import { ProblemForm } from './problem-form';
import { ProblemSummary } from './problem-summary';
import { ProblemWorkflow } from './problem-workflow';
import { ResolveForm } from './resolve-form';
import { ReviewFeedback } from './review-feedback';

type Dialog = 'edit' | 'resolve' | 'followUp' | 'identify' | null;

/**
 * One problem: its ledger row, the seven workflow steps, 识别认定, 办结, 回访 and the
 * attachments. Every change returns the whole problem, shown at once; the ledger behind
 * reads again through the query cache.
 */
export function ProblemDrawer({ problemId, onClose }: { problemId: number; onClose: () => void }) {
  const { modal } = App.useApp();
  const { run, confirmDelete } = useAction();
  // Why the last 删除 was refused: kept on the drawer (a toast would vanish before it is read).
  const [refusal, setRefusal] = useState<string | null>(null);
  const loaded = useCall('problems.get', { id: problemId });
  const [dialog, setDialog] = useState<Dialog>(null);
  const problem = loaded.data;
  // In a 乡镇汇总库 the problem is a village's, read-only (docs/domain.md §11): it is shown, with
  // the 审核意见 card, but offers no change the service would refuse.
  const readOnly = isRollUpWorkspace(useWorkspace());

  // Every change returns the whole problem: shown at once (the cache), the dialog closed.
  const changed = (next: ProblemDetail) => {
    showAnswer('problems.get', { id: problemId }, next);
    setDialog(null);
  };
  const reopen = () =>
    modal.confirm({
      title: '重新办理这个问题？',
      content: '办结日期、回访记录将被清除，问题回到「处理中」或「未解决」。',
      okText: '重新办理',
      cancelText: '取消',
      onOk: async () => {
        const saved = await run(() => call('problems.reopen', { id: problemId }), '问题已重新办理');
        if (saved) changed(saved);
      },
    });
  const remove = () =>
    confirmDelete({
      title: '删除这个问题？',
      content:
        '只能删除登记错了、还没有办理的问题（办理过、有附件、已办结或在会商中研判过的要保留）。删除后不能恢复。',
      remove: () => call('problems.delete', { id: problemId }),
      success: '问题已删除',
      onDone: onClose,
      onRefused: setRefusal,
    });

  return (
    <Drawer
      open
      size={860}
      title={
        problem ? `问题：${problem.headName ?? problem.personName} · ${problem.category}` : '问题'
      }
      onClose={onClose}
      extra={
        problem && (
          <Space>
            <HistoryButton
              entity="problem"
              id={problemId}
              title={`${problem.headName ?? problem.personName}·${problem.category}`}
            />
            {!readOnly && (
              <>
                <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                  修改
                </Button>
                <Button danger icon={<DeleteOutlined />} onClick={remove}>
                  删除
                </Button>
              </>
            )}
          </Space>
        )
      }
    >
      {loaded.error && <Alert type="error" showIcon title={loaded.error.message} />}
      {refusal && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setRefusal(null) }}
          title="不能删除"
          description={refusal}
          style={{ marginBottom: 12 }}
        />
      )}
      {!problem && loaded.loading && <Spin />}
      {problem && (
        <>
          <ProblemSummary problem={problem} />
          <ReviewFeedback entity="problem" id={problemId} />
          <Space wrap style={{ margin: '16px 0', display: readOnly ? 'none' : undefined }}>
            {problem.householdId && (
              <Button icon={<SafetyCertificateOutlined />} onClick={() => setDialog('identify')}>
                识别认定
              </Button>
            )}
            <Button
              type={problem.resolvedDate ? 'default' : 'primary'}
              icon={<CheckCircleOutlined />}
              onClick={() => setDialog('resolve')}
            >
              {problem.resolvedDate ? '修改办结' : '办结'}
            </Button>
            {problem.resolvedDate && (
              <>
                <Button
                  type={problem.followUpDate ? 'default' : 'primary'}
                  icon={<PhoneOutlined />}
                  onClick={() => setDialog('followUp')}
                >
                  {problem.followUpDate ? '修改回访' : '回访'}
                </Button>
                <Button icon={<RollbackOutlined />} onClick={reopen}>
                  重新办理
                </Button>
              </>
            )}
          </Space>
          <ConfigProvider componentDisabled={readOnly}>
            <ProblemProcedure problem={problem} />
            <Card size="small" title="处置流程" style={{ marginBottom: 16 }}>
              <ProblemWorkflow problem={problem} />
            </Card>
            <Divider style={{ margin: '8px 0' }} />
            <ProblemAttachments problem={problem} />
          </ConfigProvider>
          {dialog === 'edit' && (
            <ProblemForm problem={problem} onClose={() => setDialog(null)} onSaved={changed} />
          )}
          {dialog === 'resolve' && (
            <ResolveForm problem={problem} onClose={() => setDialog(null)} onSaved={changed} />
          )}
          {dialog === 'followUp' && (
            <FollowUpForm problem={problem} onClose={() => setDialog(null)} onSaved={changed} />
          )}
          {dialog === 'identify' && (
            <IdentifyForm problem={problem} onClose={() => setDialog(null)} onSaved={changed} />
          )}
        </>
      )}
    </Drawer>
  );
}
