import { Form, Input, InputNumber, Select } from 'antd';
import { SEXES } from '../../../../electron/api/roster-enums';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';
import { optionsOf } from '../../components/options';
import { cleanMember } from './member-fields';

/** 新增网格员. Roles are assigned from the grid page. */
export function WorkerForm({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const [form] = Form.useForm();
  return (
    <FormDialog
      form={form}
      title="新增网格员"
      initialValues={{ sex: '男' }}
      save={(values) => call('workers.create', cleanMember(values))}
      success="网格员已保存"
      onSaved={(created) => onCreated(created.id)}
      onClose={onClose}
    >
      <Form.Item
        label="姓名"
        name="name"
        rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
      >
        <Input aria-label="网格员姓名" maxLength={30} />
      </Form.Item>
      <Form.Item label="性别" name="sex" rules={[{ required: true }]}>
        <Select options={optionsOf(SEXES)} />
      </Form.Item>
      <Form.Item label="电话" name="phone" extra="手机号或座机，如 0871-1234567">
        <Input aria-label="网格员电话" maxLength={20} />
      </Form.Item>
      <Form.Item label="工作单位" name="unit">
        <Input maxLength={60} placeholder="例如：杨柳村村民委员会" />
      </Form.Item>
      <Form.Item label="职务" name="post">
        <Input
          aria-label="职务"
          maxLength={30}
          placeholder="例如：村支书、驻村工作队员、村民小组长"
        />
      </Form.Item>
      <Form.Item label="出生年份" name="birthYear">
        <InputNumber min={1930} max={2010} precision={0} />
      </Form.Item>
    </FormDialog>
  );
}
