import { Checkbox, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { WorkerDetail } from '../../../../electron/api/roster-types';
import { SEXES } from '../../../../electron/api/roster-enums';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';
import { optionsOf } from '../../components/options';
import { cleanMember } from './member-fields';

interface Values {
  name: string;
  sex: (typeof SEXES)[number];
  phone?: string;
  clearPhone?: boolean;
  unit?: string;
  post?: string;
  birthYear?: number | null;
  note?: string;
}

/**
 * 新增网格员, or 修改 one (every field the worker has). The phone of a saved worker is shown
 * masked and never sent back unless a new one is typed (keepPhone), so opening the form does
 * not reveal it. Roles are assigned from the grid page.
 */
export function WorkerForm({
  worker = null,
  onClose,
  onSaved,
}: {
  worker?: WorkerDetail | null;
  onClose: () => void;
  onSaved: (saved: WorkerDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const clearPhone = Form.useWatch('clearPhone', form) ?? false;
  const save = (values: Values) => {
    const fields = {
      name: values.name,
      sex: values.sex,
      phone: values.clearPhone ? '' : (values.phone?.trim() ?? ''),
      unit: values.unit?.trim() ?? '',
      post: values.post?.trim() ?? '',
      birthYear: values.birthYear ?? null,
      note: values.note?.trim() ?? '',
    };
    if (!worker) return call('workers.create', cleanMember(fields));
    const keepPhone = !fields.phone && !values.clearPhone && worker.phoneMasked !== '';
    return call('workers.update', { id: worker.id, ...fields, keepPhone });
  };
  return (
    <FormDialog
      form={form}
      name="worker"
      width={640}
      title={worker ? `修改网格员：${worker.name}` : '新增网格员'}
      okText={worker ? '保存修改' : '保存'}
      initialValues={
        worker
          ? {
              name: worker.name,
              sex: worker.sex as Values['sex'],
              unit: worker.unit,
              post: worker.post,
              birthYear: worker.birthYear,
              note: worker.note,
            }
          : { sex: '男' }
      }
      save={save}
      success={worker ? '网格员已修改' : '网格员已保存'}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label="姓名"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
          >
            <Input aria-label="网格员姓名" maxLength={30} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="性别" name="sex" rules={[{ required: true }]}>
            <Select aria-label="性别" options={optionsOf(SEXES)} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label="电话"
        name="phone"
        extra={
          worker?.phoneMasked
            ? `现在是 ${worker.phoneMasked}；不改就留空，要改就填新号码`
            : '手机号或座机，如 0871-1234567'
        }
      >
        <Input aria-label="网格员电话" maxLength={20} disabled={clearPhone} />
      </Form.Item>
      {worker?.phoneMasked && (
        <Form.Item name="clearPhone" valuePropName="checked" style={{ marginTop: -12 }}>
          <Checkbox>删除电话号码</Checkbox>
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label="工作单位" name="unit">
            <Input aria-label="工作单位" maxLength={60} placeholder="例如：杨柳村村民委员会" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="职务" name="post">
            <Input
              aria-label="职务"
              maxLength={30}
              placeholder="例如：村支书、驻村工作队员、村民小组长"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="出生年份" name="birthYear">
        <InputNumber aria-label="出生年份" min={1930} max={2010} precision={0} />
      </Form.Item>
      <Form.Item label="备注" name="note">
        <Input.TextArea aria-label="备注" rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
