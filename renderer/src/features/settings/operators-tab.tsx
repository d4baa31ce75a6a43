import { CloseOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../../api/client';
import { HistoryTable } from '../../components/history-table';
import { errorText, useCall } from '../../hooks/use-call';
import { useSession } from '../session/use-session';
import { SwitchOperatorDialog } from '../session/switch-operator-dialog';

/**
 * 操作员与操作记录: the names offered at start (a record of who did what, not a login), who is
 * working now, and the whole 操作记录 with its filters.
 */
export function OperatorsTab() {
  const { message } = App.useApp();
  const session = useSession();
  const settings = useCall('settings.get');
  const [adding, setAdding] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [switching, setSwitching] = useState(false);

  const operators = settings.data?.operators ?? [];
  const save = async (next: string[], done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      // The settings and the session (its operator list) read again through the query cache.
      await call('settings.update', { operators: next });
      message.success(done);
      return true;
    } catch (reason) {
      setError(errorText(reason));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const add = async () => {
    const name = adding.trim();
    if (!name) return setError('请填写操作员姓名');
    if (operators.includes(name)) return setError(`「${name}」已在名单里`);
    if (await save([...operators, name], `已添加「${name}」`)) setAdding('');
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="操作员" style={{ maxWidth: 720 }}>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="这里只记录是谁在操作，不是密码"
          description="打开程序时从这个名单里选名字（也可以填一个新名字），之后的新增、修改、删除都记在这个名字下，方便日后查对。任何人都能选任何名字，不核对身份。"
        />
        <Space style={{ marginBottom: 16 }}>
          <Typography.Text>
            当前操作员：<Typography.Text strong>{session.status?.operator ?? '…'}</Typography.Text>
          </Typography.Text>
          <Button size="small" icon={<SwapOutlined />} onClick={() => setSwitching(true)}>
            切换操作员
          </Button>
        </Space>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        {settings.loading && !settings.data ? (
          <Spin />
        ) : (
          <div style={{ marginBottom: 16 }}>
            {operators.length === 0 && (
              <Typography.Text type="secondary">
                名单是空的：打开程序时填写的名字会加进来。
              </Typography.Text>
            )}
            {operators.map((name) => (
              <Tag
                key={name}
                closable={!busy}
                closeIcon={<CloseOutlined aria-label={`从名单删除${name}`} />}
                onClose={(event) => {
                  event.preventDefault();
                  void save(
                    operators.filter((n) => n !== name),
                    `已从名单删除「${name}」（操作记录里的名字不变）`,
                  );
                }}
                style={{ fontSize: 14, padding: '2px 8px', marginBottom: 8 }}
              >
                {name}
              </Tag>
            ))}
          </div>
        )}
        <Space.Compact style={{ width: 320 }}>
          <Input
            aria-label="新操作员姓名"
            placeholder="填写姓名"
            maxLength={20}
            value={adding}
            onChange={(event) => setAdding(event.target.value)}
            onPressEnter={() => void add()}
          />
          <Button icon={<PlusOutlined />} loading={busy} onClick={() => void add()}>
            添加
          </Button>
        </Space.Compact>
      </Card>
      <Card title="操作记录">
        <Typography.Paragraph type="secondary">
          每一处新增、修改、删除和查看完整号码都有记录：谁、什么时候、改了什么。身份证号和电话在记录里也是遮住的。
        </Typography.Paragraph>
        <HistoryTable kindFilter />
      </Card>
      {switching && <SwitchOperatorDialog onClose={() => setSwitching(false)} />}
    </Space>
  );
}
