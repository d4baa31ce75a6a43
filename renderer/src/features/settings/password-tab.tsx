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
 * What the password protects, said precisely (issue 14 item 5: the screen promised that copied
 * files could not be opened while the data folder's files stayed plain). The database
 * (SQLCipher 4), the backups and every file of the data folder holding personal data
 * (documents/vault.ts, AES-256-GCM) are encrypted; what leaves the data folder is not.
 */
const ENCRYPTED = [
  '数据库文件：花名册、台账、走访记录、审计记录等全部数据',
  '数据文件夹里的备份（.vlbak）和备份文件库，以及用本程序备份到 U 盘的备份文件',
  '已发布的公示、明白纸、报表等文件（documents 文件夹）和归档原件（archive 文件夹）',
  '问题附件（attachments 文件夹）和网格员照片（photos 文件夹）',
  '导入的其他村档案包（imports 文件夹）、以前导出在数据文件夹 exports 里的移交包',
];
const NOT_ENCRYPTED = [
  '导出或下载到数据文件夹以外的文件：移交包、Excel 台账和报表、打印或保存的 PDF。它们是普通文件，别人拿到就能打开，请妥善保管，用完删除',
  '日志文件（logs 文件夹，身份证号、电话已隐去）和文件名、文件大小、文件夹结构',
  '程序开着时屏幕上显示的内容：离开电脑时请锁屏或关掉程序',
];

function Coverage() {
  return (
    <>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        设了密码后加密保存（别人拷走数据文件夹或拆走硬盘也打不开）：
      </Typography.Paragraph>
      <ul style={{ marginTop: 0 }}>
        {ENCRYPTED.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <Typography.Paragraph style={{ marginBottom: 4 }}>不加密：</Typography.Paragraph>
      <ul style={{ marginTop: 0 }}>
        {NOT_ENCRYPTED.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <Typography.Paragraph type="secondary">
        设置、修改或取消密码时，数据文件夹里的文件会一起重新加密或解密，文件多时需要一些时间。数据文件夹只有当前电脑用户能打开（Windows
        上由用户目录的权限保护）。
      </Typography.Paragraph>
    </>
  );
}

/**
 * 数据库密码: optional encryption of the database file (SQLCipher 4) and of the data folder's
 * files. Set, change or remove; the backups in the data folder follow the database's password.
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
      encrypted ? '密码已修改' : '密码已设置，数据库和数据文件夹里的文件已加密',
    );

  const remove = () => {
    const current = form.getFieldValue('current') as string | undefined;
    if (!current) {
      form.setFields([{ name: 'current', errors: ['取消密码前请填写当前密码'] }]);
      return;
    }
    modal.confirm({
      title: '取消数据库密码？',
      content:
        '取消后数据库文件、数据文件夹里的备份和文件（公示、归档原件、附件、照片等）都不再加密，别人拷走就能打开。',
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
          ? '数据库和数据文件夹里的文件已加密：每次打开程序都要输入这个密码。'
          : '数据库和数据文件夹里的文件现在都没有加密。'}
      </Typography.Paragraph>
      <Coverage />
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
