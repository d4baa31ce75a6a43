import { DatePicker, Form, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { ROLES } from '../../../../electron/api/roster-enums';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';
import { optionsOf } from '../../components/options';
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
  return (
    <FormDialog
      form={form}
      open={open}
      title={`安排「${gridName}」的网格人员`}
      okText="确定"
      preserve={false}
      initialValues={{ role: '网格员', startDate: dayjs() }}
      save={(values) =>
        call('roles.assign', {
          workerId: values.workerId,
          gridId,
          role: values.role,
          duties: values.duties ?? '',
          startDate: values.startDate.format('YYYY-MM-DD'),
        })
      }
      success="已安排分工"
      onSaved={() => onDone()}
      onClose={onClose}
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
        <Select options={optionsOf(ROLES)} />
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
    </FormDialog>
  );
}
