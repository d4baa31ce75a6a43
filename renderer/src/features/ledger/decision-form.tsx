import { Form, Input, Radio } from 'antd';
import dayjs from 'dayjs';
import { call } from '../../api/client';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { afterToday } from '../../components/dates';
import { FormDialog } from '../../components/form-dialog';
import { useBackfill, type BackfillValues } from './backfill-fields';
import type { ProblemDialogProps } from './problem-dialog';

interface Values extends BackfillValues {
  decision: '认定' | '不予认定' | '消除' | '不予消除';
  /** As typed until normalized (DateInput). */
  decisionDate: string;
  person?: string;
}

/**
 * The decision on the proposal after the 公示 and the 审核 (docs/domain.md §3), recorded at the
 * decision step labelled by the setting (乡镇审定（县级备案） or 县级审定): 认定 makes the
 * household a monitoring object, 消除 marks its risk eliminated.
 */
export function DecisionForm({ problem, onClose, onSaved }: ProblemDialogProps) {
  const [form] = Form.useForm<Values>();
  const include = problem.proposal?.kind !== '拟消除';
  const choices = include ? (['认定', '不予认定'] as const) : (['消除', '不予消除'] as const);
  const backfill = useBackfill(null);
  return (
    <FormDialog
      form={form}
      name="decision"
      title={`${problem.decisionLabel}：${problem.headName ?? ''}户（${problem.proposal?.kind ?? ''}）`}
      okText="保存决定"
      initialValues={{
        decision: choices[0],
        decisionDate: dayjs().format('YYYY-MM-DD'),
        person: '',
        ...backfill.initialValues,
      }}
      save={(v) =>
        backfill.guard(() =>
          call('problems.decide', {
            problemId: problem.id,
            decision: v.decision,
            decisionDate: dateValue(v.decisionDate)!,
            person: v.person ?? '',
            backfillReason: backfill.reason(v),
          }),
        )
      }
      success={(v) => `已登记「${v.decision}」`}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item name="decision" label="决定" rules={[{ required: true, message: '请选择决定' }]}>
        <Radio.Group
          aria-label="决定"
          options={choices.map((c) => ({ value: c, label: c }))}
          optionType="button"
        />
      </Form.Item>
      <Form.Item
        name="decisionDate"
        label="决定日期"
        required
        rules={[dateRule('决定日期', { required: true, notAfterToday: true })]}
        extra="在公示期满、乡镇审核之后。"
      >
        <DateInput aria-label="决定日期" disabledDate={afterToday} />
      </Form.Item>
      <Form.Item name="person" label="经办人">
        <Input aria-label="经办人" maxLength={30} placeholder="例如：柳湾镇人民政府" />
      </Form.Item>
      {backfill.fields}
    </FormDialog>
  );
}
