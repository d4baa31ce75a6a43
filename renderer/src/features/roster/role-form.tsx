import { Form, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { ROLES } from '../../../../electron/api/roster-enums';
import type { RoleAssignment } from '../../../../electron/api/roster-types';
import { call } from '../../api/client';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { FormDialog } from '../../components/form-dialog';
import { optionsOf } from '../../components/options';
import { WorkerSelect } from '../../components/worker-select';

interface Values {
  workerId: number;
  role: (typeof ROLES)[number];
  duties: string;
  /** What was typed (2026/3/1…) until it is normalized; sent as 'YYYY-MM-DD'. */
  startDate: string;
}

/**
 * 安排分工: a worker takes a role in a grid from a date. The date is a DateInput: an antd
 * DatePicker dropped a typed 2026/3/1 it could not parse and saved today's date instead.
 */
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
  return (
    <FormDialog
      form={form}
      open={open}
      title={`安排「${gridName}」的网格人员`}
      okText="确定"
      preserve={false}
      initialValues={{ role: '网格员', startDate: dayjs().format('YYYY-MM-DD') }}
      save={(values) =>
        call('roles.assign', {
          workerId: values.workerId,
          gridId,
          role: values.role,
          duties: values.duties ?? '',
          startDate: dateValue(values.startDate)!,
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
        {/* Searched in the service by name, initials or phone tail (a county has thousands). */}
        <WorkerSelect
          allowClear={false}
          placeholder="输入姓名或拼音首字母查找"
          width="100%"
          ariaLabel="网格员"
        />
      </Form.Item>
      <Form.Item
        label="网格职责"
        name="role"
        rules={[{ required: true, message: '请选择网格职责' }]}
      >
        <Select aria-label="网格职责" options={optionsOf(ROLES)} />
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
        required
        rules={[dateRule('开始日期', { required: true })]}
      >
        <DateInput aria-label="开始日期" />
      </Form.Item>
    </FormDialog>
  );
}

/** 结束分工: the day the worker stopped, typed or picked; the assignment stays as history. */
export function EndRoleForm({
  role,
  onClose,
  onSaved,
}: {
  role: RoleAssignment;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{ endDate: string }>();
  return (
    <FormDialog
      form={form}
      name="endRole"
      title={`结束「${role.workerName}」的分工：${role.gridName}${role.role}`}
      okText="结束分工"
      initialValues={{ endDate: dayjs().format('YYYY-MM-DD') }}
      save={(v) => call('roles.end', { id: role.id, endDate: dateValue(v.endDate)! })}
      success="分工已结束，记录保留在分工记录中"
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item
        label="结束日期"
        name="endDate"
        required
        rules={[dateRule('结束日期', { required: true })]}
        extra={`这项分工从 ${role.startDate} 开始`}
      >
        <DateInput aria-label="结束日期" />
      </Form.Item>
    </FormDialog>
  );
}
