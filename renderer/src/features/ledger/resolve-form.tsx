import { DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ProblemDetail } from '../../../../electron/api/ledger-types';
import { call } from '../../api/client';
import { afterToday, isoDay } from '../../components/dates';
import { useAction } from '../../hooks/use-action';

interface Values {
  measureTaken: string;
  responsiblePerson: string;
  resolvedDate: Dayjs;
}

/** 办结: what was done, who answers for it, and the day the problem was closed. */
export function ResolveForm({
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
        call('problems.resolve', {
          id: problem.id,
          measureTaken: v.measureTaken,
          responsiblePerson: v.responsiblePerson,
          resolvedDate: isoDay(v.resolvedDate)!,
        }),
      '问题已办结',
    );
    if (saved) onSaved(saved);
  };
  return (
    <Modal
      open
      title={problem.resolvedDate ? '修改办结情况' : '办结'}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="resolve"
        layout="vertical"
        initialValues={{
          measureTaken: problem.measureTaken,
          responsiblePerson: problem.responsiblePerson,
          resolvedDate: problem.resolvedDate ? dayjs(problem.resolvedDate) : dayjs(),
        }}
      >
        <Form.Item
          name="measureTaken"
          label="处置措施"
          rules={[{ required: true, whitespace: true, message: '请填写处置措施' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item
          name="responsiblePerson"
          label="责任人"
          rules={[{ required: true, whitespace: true, message: '请填写责任人' }]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item
          name="resolvedDate"
          label="办结日期"
          rules={[{ required: true, message: '请选择办结日期' }]}
          extra={`办结时限 ${problem.dueDate}`}
        >
          <DatePicker disabledDate={afterToday} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
