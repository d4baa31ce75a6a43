import { FolderOpenOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import type { RestoreResult } from '../../../../electron/api/backup-types';
import { call, choosePath } from '../../api/client';
import { errorText } from '../../hooks/use-call';
import { RestoreDialog, type CheckedBackup } from '../settings/restore-dialog';

interface RestoreForm {
  file: string;
  password?: string;
}

/**
 * First run on a new PC (docs/domain.md §6): the whole office comes back from one backup file
 * (a USB stick's) — checked first, then restored into this fresh data folder with its photos,
 * attachments and filed originals. The web host has no file dialog, so the path is typed.
 */
export function RestoreFromBackup({ disabled }: { disabled?: boolean }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<RestoreForm>();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string>();
  const [review, setReview] = useState<CheckedBackup | null>(null);

  const pick = async () => {
    try {
      const chosen = await choosePath!('backup');
      if (chosen) form.setFieldValue('file', chosen);
    } catch (reason) {
      message.error(errorText(reason));
    }
  };

  const check = async ({ file, password }: RestoreForm) => {
    setChecking(true);
    setError(undefined);
    const chosen = { file: file.trim(), password: password ? password : undefined };
    try {
      const result = await call('backup.check', chosen);
      setReview({ ...chosen, check: result });
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setChecking(false);
    }
  };

  const restored = async (result: RestoreResult) => {
    setReview(null);
    const c = result.counts;
    await new Promise<void>((resolve) => {
      modal.success({
        title: '已从备份恢复',
        content: `台账已恢复：网格 ${c.grids}，农户 ${c.households}，网格员 ${c.workers}，归档文件 ${c.archiveItems}；照片、附件、公示和归档原件等文件 ${result.files.written + result.files.kept} 个。`,
        okText: '开始使用',
        onOk: () => resolve(),
      });
    });
    // Every screen (and the session's status) reads the restored data afresh.
    window.location.reload();
  };

  return (
    <Card title="从备份恢复" id="restore-from-backup">
      <Typography.Paragraph>
        换了新电脑，或重装了系统？选择 U
        盘上的备份文件，先检查，再恢复到这台电脑：数据库和照片、附件、已发布的公示、归档原件一起回来。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<RestoreForm>
        form={form}
        name="restore-from-backup"
        layout="vertical"
        onFinish={(values) => void check(values)}
        disabled={disabled || checking}
      >
        <Form.Item
          label="备份文件"
          required
          htmlFor="restore-from-backup_file"
          extra="完整路径，如 E:\台账备份\村级网格台账备份-20260506-150809.vlbak"
        >
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="file"
              noStyle
              rules={[{ required: true, whitespace: true, message: '请填写备份文件的完整路径' }]}
            >
              <Input prefix={<FolderOpenOutlined />} maxLength={1000} />
            </Form.Item>
            {choosePath && <Button onClick={() => void pick()}>选择…</Button>}
          </Space.Compact>
        </Form.Item>
        <Form.Item
          label="备份的数据库密码"
          name="password"
          extra="做备份时数据库设了密码才需要填；没有设密码就空着。"
        >
          <Input.Password autoComplete="off" maxLength={200} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={checking}>
            检查备份
          </Button>
        </Space>
      </Form>
      <RestoreDialog
        target={review}
        emptyData
        onCancel={() => setReview(null)}
        onRestored={(result) => void restored(result)}
      />
    </Card>
  );
}
