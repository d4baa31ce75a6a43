import { DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { SATISFACTION_LEVELS, type Satisfaction } from '../../../../electron/api/ledger-enums';
import type { ProblemDetail } from '../../../../electron/api/ledger-types';
import { call } from '../../api/client';
import { afterToday, isoDay } from '../../components/dates';
import { useAction } from '../../hooks/use-action';

interface Values {
  followUpDate: Dayjs;
  followUpResult: string;
  satisfaction: Satisfaction;
}

/** 回访 of a resolved problem: the day, what the household said, and how satisfied it is. */
export function FollowUpForm({
  problem,
  onClose,
  onSaved,
}: {
  problem: ProblemDetail;
  onClose: () => void;
  onSaved: (problem: ProblemDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const { run, busy } = useAction();
  const submit = async () => {
    const v = await form.validateFields();
    const saved = await run(
      () =>
        call('problems.followUp', {
          id: problem.id,
          followUpDate: isoDay(v.followUpDate)!,
          followUpResult: v.followUpResult,
          satisfaction: v.satisfaction,
        }),
      '回访已登记',
    );
    if (saved) onSaved(saved);
  };
  return (
    <Modal
      open
      title="回访"
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="followUp"
        layout="vertical"
        initialValues={{
          followUpDate: problem.followUpDate ? dayjs(problem.followUpDate) : dayjs(),
          followUpResult: problem.followUpResult,
          satisfaction: problem.satisfaction ?? '满意',
        }}
      >
        <Form.Item
          name="followUpDate"
          label="回访日期"
          rules={[{ required: true, message: '请选择回访日期' }]}
          extra={
            problem.resolvedDate ? `办结日期 ${problem.resolvedDate}，回访不早于这一天` : undefined
          }
        >
          <DatePicker disabledDate={afterToday} />
        </Form.Item>
        <Form.Item
          name="followUpResult"
          label="回访结果"
          rules={[{ required: true, whitespace: true, message: '请填写回访结果' }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Form.Item name="satisfaction" label="满意度" rules={[{ required: true }]}>
          <Radio.Group options={SATISFACTION_LEVELS.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
