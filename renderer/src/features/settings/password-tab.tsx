import { Alert, App, Button, Card, Form, Input, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../../api/client';
import { errorText, useCall } from '../../hooks/use-call';

interface PasswordForm {
  current?: string;
  next: string;
  repeat: string;
}

/**
 * 数据库密码: optional encryption of the database file (SQLCipher 4). Set, change or remove;
 * the backups in the data folder follow the database's password.
 */
export function PasswordTab() {
  const { message, modal } = App.useApp();
  const status = useCall('session.status');
  const [form] = Form.useForm<PasswordForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  if (!status.data) return <Spin />;
  const encrypted = status.data.encrypted;

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      form.resetFields();
      status.reload();
      message.success(done);
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(false);
    }
  };

  const save = (values: PasswordForm) =>
    run(
      () => call('security.setPassword', { current: values.current, next: values.next }),
      encrypted ? '密码已修改' : '密码已设置，数据库文件已加密',
    );

  const remove = () => {
    const current = form.getFieldValue('current') as string | undefined;
    if (!current) {
      form.setFields([{ name: 'current', errors: ['取消密码前请填写当前密码'] }]);
      return;
    }
    modal.confirm({
      title: '取消数据库密码？',
      content: '取消后数据库文件不再加密，别人拷走文件就能打开。',
      okText: '取消密码',
      okButtonProps: { danger: true },
      cancelText: '不取消',
      onOk: () => run(() => call('security.removePassword', { current }), '密码已取消'),
    });
  };

  return (
    <Card title="数据库密码" style={{ maxWidth: 720 }}>
      <Typography.Paragraph>
        {encrypted
          ? '数据库文件已加密：每次打开程序都要输入这个密码。'
          : '数据库文件现在没有加密。设了密码后，数据库文件和数据文件夹里的备份都会加密，别人拷走文件也打不开。'}
      </Typography.Paragraph>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="密码忘了就无法找回，数据也打不开。请把密码写下来，交给村两委负责人保管。"
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<PasswordForm>
        form={form}
        name="password"
        labelCol={{ span: 6 }}
        wrapperCol={{ span: 14 }}
        onFinish={save}
      >
        {encrypted && (
          <Form.Item
            label="当前密码"
            name="current"
            rules={[{ required: true, message: '请填写当前密码' }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        )}
        <Form.Item
          label={encrypted ? '新密码' : '密码'}
          name="next"
          rules={[
            { required: true, message: '请填写密码' },
            { min: 6, message: '密码至少 6 个字符' },
            { max: 128, message: '密码不能超过 128 个字符' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="再输入一次"
          name="repeat"
          dependencies={['next']}
          rules={[
            { required: true, message: '请再输入一次密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('next')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一样')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item wrapperCol={{ offset: 6 }}>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              {encrypted ? '修改密码' : '设置密码'}
            </Button>
            {encrypted && (
              <Button danger onClick={remove} disabled={busy}>
                取消密码
              </Button>
            )}
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
