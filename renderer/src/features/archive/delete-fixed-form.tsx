import { Form, Input, Typography } from 'antd';
import type { ArchiveDeleteResult, ArchiveItem } from '../../../../electron/api/archive-types';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';

/**
 * Deleting an item already handed over (docs/domain.md §6): its 件号 stays empty and the
 * deletion — 档号, 题名, when, why, who — goes into its box's 备考表, so a reason is asked.
 */
export function DeleteFixedForm({
  item,
  onClose,
  onSaved,
}: {
  item: ArchiveItem;
  onClose: () => void;
  onSaved: (result: ArchiveDeleteResult) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <FormDialog<{ reason: string }, ArchiveDeleteResult>
      form={form}
      name="archiveDeleteFixed"
      title={`删除已移交的归档文件 ${item.archivalCode}`}
      okText="删除"
      header={
        <Typography.Paragraph>
          {`「${item.title}」${item.exportedAt ? '已随档案包移交' : '所在年度已封存过'}，档号和件号不再改变：` +
            `删除后件号 ${item.itemNo} 空着不再使用，其他文件的件号不变；删除的档号、题名、时间、原因和操作人记入这一盒的备考表。`}
        </Typography.Paragraph>
      }
      save={({ reason }) => call('archive.delete', { id: item.id, reason: reason.trim() })}
      success="已删除，件号空缺已记入备考表"
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item
        label="删除原因"
        name="reason"
        rules={[{ required: true, whitespace: true, message: '请写明删除原因' }]}
      >
        <Input.TextArea rows={3} maxLength={200} placeholder="例如：与第 3 件重复扫描" />
      </Form.Item>
    </FormDialog>
  );
}
