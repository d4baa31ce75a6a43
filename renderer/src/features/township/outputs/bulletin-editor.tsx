import { Alert, App, Button, Form, Input, Space, Tag } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useEffect } from 'react';
import type {
  Bulletin,
  BulletinSections,
} from '../../../../../electron/api/township-outputs-types';
import { call } from '../../../api/client';
import { downloadFile } from '../../../api/files';
import { usePdfOpener } from '../../../components/pdf-preview';
import { useAction } from '../../../hooks/use-action';

/**
 * The written 通报 (docs/domain.md §11): its title and the three sections 基本情况 / 存在问题 /
 * 下步工作 (prefilled from the figures, all editable), 保存草稿, 预览 PDF, 正式印发 (asks first,
 * then says the number given) and 导出 Excel. Issued, it is read-only.
 */
export function BulletinEditor({
  bulletin,
  onChanged,
}: {
  bulletin: Bulletin;
  onChanged: (b: Bulletin) => void;
}) {
  const [form] = Form.useForm<{ title: string } & BulletinSections>();
  const { modal } = App.useApp();
  const { run, busy } = useAction();
  const pdf = usePdfOpener();
  const issued = bulletin.number !== null;
  useEffect(() => {
    form.setFieldsValue({ title: bulletin.title, ...bulletin.sections });
  }, [bulletin, form]);

  const save = async (quiet = false) => {
    const v = await form.validateFields();
    const saved = await run(
      () =>
        call('township.bulletinSave', {
          id: bulletin.id,
          title: v.title,
          sections: { basic: v.basic, problems: v.problems, nextSteps: v.nextSteps },
        }),
      quiet ? undefined : '草稿已保存',
    );
    if (saved) onChanged(saved);
    return saved;
  };
  const issue = () => {
    modal.confirm({
      title: '正式印发这份通报？',
      content: '印发后将编上本年度的下一个文号，内容不能再修改。',
      okText: '正式印发',
      cancelText: '取消',
      onOk: async () => {
        if (!(await save(true))) return;
        const done = await run(() => call('township.bulletinIssue', { id: bulletin.id }));
        if (done) {
          onChanged(done);
          modal.success({ title: '已印发', content: `文号：${done.number}` });
        }
      },
    });
  };
  const file = (format: 'pdf' | 'xlsx') =>
    run(async () => {
      if (!issued) await save(true);
      return call('township.bulletinExport', { id: bulletin.id, format });
    });

  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        {issued ? <Tag color="green">已印发 {bulletin.number}</Tag> : <Tag>草稿</Tag>}
      </Space>
      {issued && (
        <Alert type="info" showIcon title="已印发的通报不能修改" style={{ marginBottom: 8 }} />
      )}
      <Form form={form} layout="vertical" disabled={issued}>
        <Form.Item
          name="title"
          label="标题"
          rules={[{ required: true, message: '请填写通报标题' }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="basic" label="一、基本情况">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
        </Form.Item>
        <Form.Item name="problems" label="二、存在问题">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
        </Form.Item>
        <Form.Item name="nextSteps" label="三、下步工作">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
        </Form.Item>
      </Form>
      <Space wrap>
        {!issued && (
          <Button icon={<SaveOutlined />} loading={busy} onClick={() => void save()}>
            保存草稿
          </Button>
        )}
        <Button
          icon={<FilePdfOutlined />}
          loading={busy}
          onClick={() => void pdf.open(() => file('pdf'))}
        >
          预览 PDF
        </Button>
        {!issued && (
          <Button type="primary" icon={<SendOutlined />} loading={busy} onClick={issue}>
            正式印发
          </Button>
        )}
        <Button
          icon={<FileExcelOutlined />}
          loading={busy}
          onClick={() =>
            void file('xlsx').then((f) => {
              if (f) downloadFile(f);
            })
          }
        >
          导出 Excel
        </Button>
      </Space>
      {pdf.element}
    </>
  );
}
