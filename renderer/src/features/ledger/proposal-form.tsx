import { Form, Select } from 'antd';
import dayjs from 'dayjs';
import {
  ELIMINATION_METHODS,
  type DISASTER_SUBTYPES,
  type MONITOR_CATEGORIES,
  type RISK_TYPES,
} from '../../../../electron/api/roster-enums';
import { call } from '../../api/client';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { afterToday } from '../../components/dates';
import { FormDialog } from '../../components/form-dialog';
import { optionsOf } from '../../components/options';
import { useBackfill, type BackfillValues } from './backfill-fields';
import type { ProblemDialogProps } from './problem-dialog';
import { RiskTypeFields } from './risk-type-fields';

interface Values extends BackfillValues {
  monitorCategory?: (typeof MONITOR_CATEGORIES)[number];
  riskTypes?: (typeof RISK_TYPES)[number][];
  disasterSubtype?: (typeof DISASTER_SUBTYPES)[number];
  method?: (typeof ELIMINATION_METHODS)[number];
  /** As typed until normalized (DateInput). */
  proposalDate: string;
}

/** Which proposal the household can take: 拟消除 for a monitored household not yet eliminated. */
export function proposalKindOf(problem: ProblemDialogProps['problem']): '拟纳入' | '拟消除' {
  const h = problem.household;
  return h?.monitorCategory && h.eliminationStatus !== '已消除' ? '拟消除' : '拟纳入';
}

/**
 * 拟纳入 / 拟消除 after 核实评议 (docs/domain.md §3): what the 公示 will announce. 拟纳入 takes
 * the 监测类别 and 1–5 risk types (因自然灾害 with its sub-type); 拟消除 the method.
 */
export function ProposalForm({ problem, onClose, onSaved }: ProblemDialogProps) {
  const [form] = Form.useForm<Values>();
  const kind = problem.proposal?.kind ?? proposalKindOf(problem);
  const risks = Form.useWatch('riskTypes', form) ?? [];
  const backfill = useBackfill(problem.proposal?.backfillReason);
  const p = problem.proposal;
  return (
    <FormDialog
      form={form}
      name="proposal"
      title={`${kind}：${problem.headName ?? ''}户`}
      okText={kind}
      initialValues={{
        proposalDate: p?.date ?? dayjs().format('YYYY-MM-DD'),
        monitorCategory: (p?.monitorCategory ?? undefined) as Values['monitorCategory'],
        riskTypes: (p?.risks.map((r) => r.riskType) ?? []) as Values['riskTypes'],
        disasterSubtype: (p?.risks.find((r) => r.disasterSubtype)?.disasterSubtype ??
          undefined) as Values['disasterSubtype'],
        method: (p?.method ?? undefined) as Values['method'],
        ...backfill.initialValues,
      }}
      save={(v) =>
        backfill.guard(() =>
          call('problems.propose', {
            problemId: problem.id,
            proposal: kind,
            proposalDate: dateValue(v.proposalDate)!,
            ...(kind === '拟纳入'
              ? {
                  monitorCategory: v.monitorCategory ?? null,
                  riskTypes: v.riskTypes ?? [],
                  disasterSubtype: v.riskTypes?.includes('因自然灾害')
                    ? (v.disasterSubtype ?? null)
                    : null,
                }
              : { method: v.method ?? null }),
            backfillReason: backfill.reason(v),
          }),
        )
      }
      success={`已登记${kind}`}
      onSaved={onSaved}
      onClose={onClose}
    >
      {kind === '拟纳入' ? (
        <RiskTypeFields risks={risks} />
      ) : (
        <Form.Item
          name="method"
          label="消除方式"
          rules={[{ required: true, message: '请选择消除方式' }]}
        >
          <Select aria-label="消除方式" options={optionsOf(ELIMINATION_METHODS)} />
        </Form.Item>
      )}
      <Form.Item
        name="proposalDate"
        label="提出日期"
        required
        rules={[dateRule('提出日期', { required: true, notAfterToday: true })]}
        extra="核实评议之后提出；公示列出拟办的农户，公示期满、乡镇审核后再作决定。"
      >
        <DateInput aria-label="提出日期" disabledDate={afterToday} />
      </Form.Item>
      {backfill.fields}
    </FormDialog>
  );
}
