import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Space, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import type { ArchiveItem } from '../../../../electron/api/archive-types';
import type { Settings } from '../../../../electron/api/types';
import { call } from '../../api/client';
import { fileBytes } from '../../api/files';
import { dateValue } from '../../components/date-input';
import { FormDialog } from '../../components/form-dialog';
import { defaultResponsible, fileSize } from './archive-format';
import { ItemFields, type ItemValues } from './item-fields';

/** 50 MB per scan (archive-schemas MAX_UPLOAD_BYTES); checked here before reading it. */
const MAX_BYTES = 50 * 1024 * 1024;

interface Values extends ItemValues {
  file: File;
}

/**
 * 上传归档: a scan of a signed form or of a household's papers (PDF, JPG or PNG; the service
 * checks the bytes, counts a PDF's pages and keeps the SHA-256) filed with its catalogue
 * fields. The 件号 and 档号 come from the service.
 */
export function UploadForm({
  year,
  settings,
  onClose,
  onSaved,
}: {
  /** The year on screen: the date picker opens there. */
  year: number;
  settings: Settings;
  onClose: () => void;
  onSaved: (item: ArchiveItem) => void;
}) {
  const [form] = Form.useForm<Values>();
  const categories = settings.archive.categories;
  const first = categories.find((c) => c.name === '综合类') ?? categories[0];

  const save = async (values: Values) =>
    call('archive.fileUpload', {
      fileName: values.file.name,
      data: await fileBytes(values.file),
      title: values.title.trim(),
      date: dateValue(values.date)!,
      ...(values.year ? { year: values.year } : {}),
      category: values.category,
      retention: values.retention,
      ...(values.responsible?.trim() ? { responsible: values.responsible.trim() } : {}),
      ...(values.docNo?.trim() ? { docNo: values.docNo.trim() } : {}),
      ...(values.secrecy ? { secrecy: values.secrecy } : {}),
      ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      ...(values.householdId ? { householdId: values.householdId } : {}),
    });

  return (
    <FormDialog<Values, ArchiveItem>
      form={form}
      name="archiveUpload"
      width={720}
      title="上传归档"
      okText="归档"
      initialValues={{
        category: first?.name,
        retention: first?.retention,
        secrecy: '',
        date: year === dayjs().year() ? dayjs().format('YYYY-MM-DD') : `${year}-12-31`,
      }}
      save={save}
      success={(values) => `「${values.title.trim()}」已归档`}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item
        label="文件"
        name="file"
        rules={[{ required: true, message: '请选择要归档的扫描件（PDF、JPG 或 PNG）' }]}
        extra="签字盖章的表格、评议记录等纸质材料的扫描件：PDF、JPG 或 PNG，不超过 50 MB。原件按原样保存，并记下 SHA-256。"
      >
        <ScanPicker />
      </Form.Item>
      <ItemFields
        categories={categories}
        defaultResponsible={defaultResponsible(settings.villageName)}
        newItem
      />
    </FormDialog>
  );
}

/**
 * The file field: antd's Upload only picks (the bytes go with the form as they are); a file
 * over 50 MB is refused here with its size rather than after reading it.
 */
function ScanPicker({ value, onChange }: { value?: File; onChange?: (file: File) => void }) {
  const { message } = App.useApp();
  return (
    <Space wrap>
      <Upload
        accept=".pdf,.jpg,.jpeg,.png"
        showUploadList={false}
        beforeUpload={(file) => {
          if (file.size > MAX_BYTES) {
            message.error(`「${file.name}」有 ${fileSize(file.size)}，超过 50 MB，不能归档`);
          } else {
            onChange?.(file);
          }
          // Sent with the form, not by antd's own upload.
          return false;
        }}
      >
        <Button icon={<UploadOutlined />}>{value ? '换一个文件' : '选择文件'}</Button>
      </Upload>
      {value && (
        <Typography.Text aria-label="已选文件">
          {value.name}（{fileSize(value.size)}）
        </Typography.Text>
      )}
    </Space>
  );
}
