import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../../api/client';
import { errorText } from '../../hooks/use-call';

/** The database has a password: ask for it before anything else. */
export function UnlockPage({ onDone }: { onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const unlock = async ({ password }: { password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await call('session.unlock', { password });
      onDone();
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 480, margin: '96px auto', padding: '0 16px' }}>
      <Card>
        <Typography.Title level={3}>村级网格台账</Typography.Title>
        <Typography.Paragraph>数据库已加密，请输入数据库密码。</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form name="unlock" layout="vertical" onFinish={unlock}>
          <Form.Item
            label="数据库密码"
            name="password"
            rules={[{ required: true, message: '请输入数据库密码' }]}
          >
            <Input.Password autoFocus autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block>
            打开台账
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          忘了密码请找设置密码的人。密码无法找回，也没有后门。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
