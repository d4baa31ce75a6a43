import { Alert, Button, Card, Divider, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../../api/client';
import { errorText } from '../../hooks/use-call';

/**
 * At start: who is working? The name goes with every change in the 操作记录. It is a record,
 * not a password: anyone at this PC can choose any name, so the page says so plainly.
 */
export function OperatorPage({ operators, onDone }: { operators: string[]; onDone: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  const choose = async (name: string) => {
    setBusy(name);
    setError(undefined);
    try {
      await call('session.setOperator', { name });
      onDone();
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div style={{ maxWidth: 560, margin: '72px auto', padding: '0 16px' }}>
      <Card>
        <Typography.Title level={3}>请问现在是谁在使用？</Typography.Title>
        <Typography.Paragraph>
          选择您的名字。之后每一处新增、修改、删除都会记下操作人，方便日后查对。
        </Typography.Paragraph>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="这里只是记录是谁在操作，不是密码，也不核对身份。"
        />
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        {operators.length > 0 && (
          <Space wrap style={{ marginBottom: 8 }}>
            {operators.map((name) => (
              <Button
                key={name}
                size="large"
                loading={busy === name}
                disabled={busy !== null}
                onClick={() => void choose(name)}
              >
                {name}
              </Button>
            ))}
          </Space>
        )}
        {operators.length > 0 && <Divider plain>名单里没有您</Divider>}
        <Form
          name="operator"
          layout="inline"
          onFinish={({ name }: { name: string }) => void choose(name.trim())}
        >
          <Form.Item
            name="name"
            rules={[
              { required: true, whitespace: true, message: '请填写您的姓名' },
              { max: 20, message: '姓名不能超过 20 个字' },
            ]}
          >
            <Input placeholder="填写您的姓名" maxLength={20} autoFocus={operators.length === 0} />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={busy !== null}>
            开始使用
          </Button>
        </Form>
      </Card>
    </div>
  );
}
