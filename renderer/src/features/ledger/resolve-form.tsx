import { Form, Input } from 'antd';
import dayjs from 'dayjs';
import { call } from '../../api/client';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { afterToday } from '../../components/dates';
import { FormDialog } from '../../components/form-dialog';
import type { ProblemDialogProps } from './problem-dialog';

interface Values {
  measureTaken: string;
  responsiblePerson: string;
  /** As typed until normalized (DateInput). */
  resolvedDate: string;
}

/** 办结: what was done, who answers for it, and the day the problem was closed. */
export function ResolveForm({ problem, onClose, onSaved }: ProblemDialogProps) {
  const [form] = Form.useForm<Values>();
  return (
    <FormDialog
      form={form}
      name="resolve"
      title={problem.resolvedDate ? '修改办结情况' : '办结'}
      initialValues={{
        measureTaken: problem.measureTaken,
        responsiblePerson: problem.responsiblePerson,
        resolvedDate: problem.resolvedDate ?? dayjs().format('YYYY-MM-DD'),
      }}
      save={(v) =>
        call('problems.resolve', {
          id: problem.id,
          measureTaken: v.measureTaken,
          responsiblePerson: v.responsiblePerson,
          resolvedDate: dateValue(v.resolvedDate)!,
        })
      }
      success="问题已办结"
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item
        name="measureTaken"
        label="处置措施"
        rules={[{ required: true, whitespace: true, message: '请填写处置措施' }]}
      >
        <Input.TextArea aria-label="处置措施" rows={3} maxLength={1000} />
      </Form.Item>
      <Form.Item
        name="responsiblePerson"
        label="责任人"
        rules={[{ required: true, whitespace: true, message: '请填写责任人' }]}
      >
        <Input aria-label="责任人" maxLength={30} />
      </Form.Item>
      <Form.Item
        name="resolvedDate"
        label="办结日期"
        required
        rules={[dateRule('办结日期', { required: true, notAfterToday: true })]}
        extra={`登记日期 ${problem.registeredDate}，办结时限 ${problem.dueDate}`}
      >
        <DateInput aria-label="办结日期" disabledDate={afterToday} />
      </Form.Item>
    </FormDialog>
  );
}
