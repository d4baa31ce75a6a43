import { Form, Input, Radio } from 'antd';
import dayjs from 'dayjs';
import { SATISFACTION_LEVELS, type Satisfaction } from '../../../../electron/api/ledger-enums';
import { call } from '../../api/client';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { afterToday } from '../../components/dates';
import { FormDialog } from '../../components/form-dialog';
import { optionsOf } from '../../components/options';
import type { ProblemDialogProps } from './problem-dialog';

interface Values {
  /** As typed until normalized (DateInput). */
  followUpDate: string;
  followUpResult: string;
  satisfaction: Satisfaction;
}

/** 回访 of a resolved problem: the day, what the household said, and how satisfied it is. */
export function FollowUpForm({ problem, onClose, onSaved }: ProblemDialogProps) {
  const [form] = Form.useForm<Values>();
  return (
    <FormDialog
      form={form}
      name="followUp"
      title="回访"
      initialValues={{
        followUpDate: problem.followUpDate ?? dayjs().format('YYYY-MM-DD'),
        followUpResult: problem.followUpResult,
        satisfaction: problem.satisfaction ?? '满意',
      }}
      save={(v) =>
        call('problems.followUp', {
          id: problem.id,
          followUpDate: dateValue(v.followUpDate)!,
          followUpResult: v.followUpResult,
          satisfaction: v.satisfaction,
        })
      }
      success="回访已登记"
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item
        name="followUpDate"
        label="回访日期"
        required
        rules={[dateRule('回访日期', { required: true, notAfterToday: true })]}
        extra={
          problem.resolvedDate ? `办结日期 ${problem.resolvedDate}，回访不早于这一天` : undefined
        }
      >
        <DateInput aria-label="回访日期" disabledDate={afterToday} />
      </Form.Item>
      <Form.Item
        name="followUpResult"
        label="回访结果"
        rules={[{ required: true, whitespace: true, message: '请填写回访结果' }]}
      >
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
      <Form.Item name="satisfaction" label="满意度" rules={[{ required: true }]}>
        <Radio.Group options={optionsOf(SATISFACTION_LEVELS)} />
      </Form.Item>
    </FormDialog>
  );
}
