import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import { ROLES } from '../../../../electron/api/roster-enums';
import { call } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';

interface Values {
  workerId: number;
  role: (typeof ROLES)[number];
  duties: string;
  startDate: dayjs.Dayjs;
}

/** 安排分工: a worker takes a role in a grid from a date. */
export function RoleForm({
  gridId,
  gridName,
  open,
  onClose,
  onDone,
}: {
  gridId: number;
  gridName: string;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const workers = useCall('workers.list', open ? {} : null);
  const { run, busy } = useAction();
  const submit = async () => {
    const values = await form.validateFields();
    const done = await run(
      () =>
        call('roles.assign', {
          workerId: values.workerId,
          gridId,
          role: values.role,
          duties: values.duties ?? '',
          startDate: values.startDate.format('YYYY-MM-DD'),
        }),
      '已安排分工',
    );
    if (done) onDone();
  };
  return (
    <Modal
      open={open}
      title={`安排「${gridName}」的网格人员`}
      okText="确定"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ role: '网格员', startDate: dayjs() }}
      >
        <Form.Item
          label="网格员"
          name="workerId"
          rules={[{ required: true, message: '请选择网格员（没有的先在「网格员」中新增）' }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={workers.loading}
            options={(workers.data ?? []).map((w) => ({
              value: w.id,
              label: `${w.name}${w.post ? `（${w.post}）` : ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          label="网格职责"
          name="role"
          rules={[{ required: true, message: '请选择网格职责' }]}
        >
          <Select options={ROLES.map((r) => ({ value: r, label: r }))} />
        </Form.Item>
        <Form.Item label="职责说明" name="duties">
          <Input.TextArea
            maxLength={500}
            rows={2}
            placeholder="例如：负责一组 32 户的走访和风险排查"
          />
        </Form.Item>
        <Form.Item
          label="开始日期"
          name="startDate"
          rules={[{ required: true, message: '请选择开始日期' }]}
        >
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
