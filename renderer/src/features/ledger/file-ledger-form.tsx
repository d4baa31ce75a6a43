import { Form, InputNumber, Typography } from 'antd';
import { filedKey, type ArchiveItem } from '../../../../electron/api/archive-types';
import { ArchivedBadge, useFiledRecords } from '../archive/archived-badge';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';

interface Values {
  year: number;
}

/**
 * 归档台账: the paper ledger (问题登记台账) of one year as a PDF (A4 landscape, the ledger's
 * columns), kept and filed into 档案管理 in one call of archive.fileGenerated.
 */
export function FileLedgerForm({
  onClose,
  onSaved,
}: {
  onClose: () => void;
  onSaved: (item: ArchiveItem) => void;
}) {
  const [form] = Form.useForm<Values>();
  const year = Form.useWatch('year', form);
  const filed = useFiledRecords('ledger').get(filedKey.ledger(year ?? 0));
  return (
    <FormDialog<Values, ArchiveItem>
      form={form}
      name="fileLedger"
      title="归档问题登记台账"
      okText="归档"
      initialValues={{ year: new Date().getFullYear() }}
      header={
        <Typography.Paragraph type="secondary">
          生成该年度登记的全部问题的纸质台账（PDF，A4 横向），保存后归入档案管理，得到档号。
        </Typography.Paragraph>
      }
      save={({ year }) => call('archive.fileGenerated', { kind: 'ledger', year })}
      // The 档号 confirmation follows (onSaved); no toast besides it.
      success=""
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item
        label="年度"
        name="year"
        rules={[{ required: true, message: '请填写年度' }]}
        extra={filed && <ArchivedBadge code={filed.archivalCode} title={filed.title} />}
      >
        <InputNumber min={2015} max={2100} precision={0} suffix="年" style={{ width: 160 }} />
      </Form.Item>
    </FormDialog>
  );
}
