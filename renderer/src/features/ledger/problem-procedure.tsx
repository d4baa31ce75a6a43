import { AuditOutlined, FlagOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Tag } from 'antd';
import { useState } from 'react';
import type { ProblemDetail } from '../../../../electron/api/ledger-types';
import { showAnswer } from '../../hooks/use-call';
import { BackfillTag } from './backfill-fields';
import { DecisionForm } from './decision-form';
import { proposalKindOf, ProposalForm } from './proposal-form';

const DECISION_COLORS: Record<string, string> = {
  认定: 'red',
  消除: 'green',
  不予认定: 'default',
  不予消除: 'default',
};

/**
 * 拟办与决定 (docs/domain.md §3 「Order matters」): after 核实评议 the household is proposed
 * (拟纳入 / 拟消除), the 公示 lists it, and after the 公示 and the 审核 the decision is recorded
 * at the decision level of the settings. Shows the proposal, the decision, each 补录 with its
 * reason and any record out of order, with the next action as a button.
 */
export function ProblemProcedure({ problem }: { problem: ProblemDetail }) {
  const [dialog, setDialog] = useState<'propose' | 'decide' | null>(null);
  const changed = (saved: ProblemDetail) => {
    setDialog(null);
    showAnswer('problems.get', { id: problem.id }, saved);
  };
  if (!problem.householdId) return null;
  const verified = problem.steps.some((s) => s.step === '核实评议');
  const reviewed = problem.steps.some((s) => s.step === '乡镇审核');
  const { proposal, decision } = problem;
  const backfills = problem.orderIssues.filter((v) => v.backfillReason);
  const gaps = problem.orderIssues.filter((v) => !v.backfillReason);
  return (
    <Card size="small" title="拟办与决定" style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="拟办结果">
          {proposal ? (
            <span>
              <Tag color="blue">{proposal.kind}</Tag>
              {proposal.date}
              {proposal.kind === '拟纳入'
                ? `，${proposal.monitorCategory ?? ''}，风险类型：${proposal.risks
                    .map((r) =>
                      r.disasterSubtype ? `${r.riskType}（${r.disasterSubtype}）` : r.riskType,
                    )
                    .join('、')}`
                : `，${proposal.method ?? ''}`}
              <BackfillTag reason={proposal.backfillReason} />
            </span>
          ) : (
            <span>未提出（核实评议后登记拟纳入或拟消除，公示列出拟办的农户）</span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={problem.decisionLabel}>
          {decision ? (
            <span>
              <Tag color={DECISION_COLORS[decision.kind]}>{decision.kind}</Tag>
              {decision.date}
              <BackfillTag reason={decision.backfillReason} />
            </span>
          ) : proposal ? (
            <span>待决定（公示期满、乡镇审核后）</span>
          ) : (
            <span>—</span>
          )}
        </Descriptions.Item>
      </Descriptions>
      {backfills.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          title="补录的记录"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {backfills.map((v) => (
                <li key={`${v.step}-${v.dependsOn}-${v.message}`}>
                  {v.message}（补录原因：{v.backfillReason}）
                </li>
              ))}
            </ul>
          }
        />
      )}
      {gaps.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title="办理顺序有问题（早先登记的记录）"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {gaps.map((v) => (
                <li key={`${v.step}-${v.dependsOn}-${v.message}`}>{v.message}</li>
              ))}
            </ul>
          }
        />
      )}
      {!decision && (
        <Space style={{ marginTop: 8 }}>
          <Button
            icon={<FlagOutlined />}
            type={!proposal && verified ? 'primary' : 'default'}
            onClick={() => setDialog('propose')}
          >
            {proposal ? `修改${proposal.kind}` : proposalKindOf(problem)}
          </Button>
          {proposal && (
            <Button
              icon={<AuditOutlined />}
              type={reviewed ? 'primary' : 'default'}
              onClick={() => setDialog('decide')}
            >
              {problem.decisionLabel}
            </Button>
          )}
        </Space>
      )}
      {dialog === 'propose' && (
        <ProposalForm problem={problem} onClose={() => setDialog(null)} onSaved={changed} />
      )}
      {dialog === 'decide' && (
        <DecisionForm problem={problem} onClose={() => setDialog(null)} onSaved={changed} />
      )}
    </Card>
  );
}
