import { Form, Input, Typography } from 'antd';
import type { ArchiveYear } from '../../../../electron/api/archive-types';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';

/**
 * 解除封存: a sealed year opens again for changes only with a reason, which the service keeps
 * in the audit log with who and when (issue 6 part 2: an explicit, audit-logged unseal).
 */
export function UnsealForm({
  year,
  onClose,
  onSaved,
}: {
  year: number;
  onClose: () => void;
  onSaved: (state: ArchiveYear) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <FormDialog<{ reason: string }, ArchiveYear>
      form={form}
      name="archiveUnseal"
      title={`解除 ${year} 年度的封存`}
      okText="解除封存"
      header={
        <Typography.Paragraph>
          {'解除后本年度可以再归档、修改和删除。解除封存的原因、操作人和时间会记入操作日志，' +
            '改好后请再次封存。'}
        </Typography.Paragraph>
      }
      save={({ reason }) => call('archive.unseal', { year, reason: reason.trim() })}
      success={`${year} 年度已解除封存`}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item
        label="解除封存的原因"
        name="reason"
        rules={[{ required: true, whitespace: true, message: '请填写解除封存的原因' }]}
      >
        <Input.TextArea rows={3} maxLength={200} placeholder="例如：补归档漏交的第四季度会商记录" />
      </Form.Item>
    </FormDialog>
  );
}
