import { Alert, AutoComplete, Form } from 'antd';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';
import { useSession } from './use-session';

/**
 * 切换操作员: pick a name from 设置's list or type a new one (it joins the list). From now on
 * every change is recorded under that name.
 */
export function SwitchOperatorDialog({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<{ name: string }>();
  const { status } = useSession();
  return (
    <FormDialog<{ name: string }, unknown>
      form={form}
      name="switch-operator"
      title="切换操作员"
      okText="切换"
      width={440}
      header={
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="这里只记录是谁在操作，不是密码。之后的每一处修改都记在这个名字下。"
        />
      }
      save={({ name }) => call('session.setOperator', { name: name.trim() })}
      success={({ name }) => `已切换为「${name.trim()}」`}
      onSaved={onClose}
      onClose={onClose}
    >
      <Form.Item
        label="操作员"
        name="name"
        rules={[
          { required: true, whitespace: true, message: '请选择或填写操作员姓名' },
          { max: 20, message: '姓名不能超过 20 个字' },
        ]}
      >
        <AutoComplete
          aria-label="操作员姓名"
          placeholder="选择或填写姓名"
          options={(status?.operators ?? [])
            .filter((name) => name !== status?.operator)
            .map((name) => ({ value: name }))}
          filterOption={(input, option) => String(option?.value ?? '').includes(input)}
        />
      </Form.Item>
    </FormDialog>
  );
}
