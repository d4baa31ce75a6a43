import { Form, Input, Select } from 'antd';
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES } from '../../../../electron/api/ledger-enums';
import { optionsOf } from '../../components/options';

/*
 * A problem's own fields (category, source, description), asked the same way by 登记问题 in
 * the ledger and by a visit's 跟进问题, which registers its problem with them in the same
 * transaction. Each form lays them out in its own rows; `label` reads 问题类别 inside a visit,
 * where 类别 alone would seem to be the visit's.
 */

export function ProblemCategoryField({ label }: { label: string }) {
  return (
    <Form.Item
      name="category"
      label={label}
      rules={[{ required: true, message: `请选择${label}` }]}
    >
      <Select aria-label={label} options={optionsOf(PROBLEM_CATEGORIES)} />
    </Form.Item>
  );
}

export function ProblemSourceField({ label }: { label: string }) {
  return (
    <Form.Item name="source" label={label} rules={[{ required: true, message: `请选择${label}` }]}>
      <Select aria-label={label} options={optionsOf(PROBLEM_SOURCES)} />
    </Form.Item>
  );
}

export function ProblemDescriptionField({
  rows,
  showCount = false,
}: {
  rows: number;
  showCount?: boolean;
}) {
  return (
    <Form.Item
      name="description"
      label="问题描述"
      rules={[{ required: true, whitespace: true, message: '请填写问题描述' }]}
    >
      <Input.TextArea rows={rows} maxLength={1000} showCount={showCount} />
    </Form.Item>
  );
}
