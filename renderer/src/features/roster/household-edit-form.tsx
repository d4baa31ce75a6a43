import { Form, Typography } from 'antd';
import type { HouseholdDetail } from '../../../../electron/api/roster-types';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';
import {
  householdFieldPath,
  HouseholdFields,
  householdFieldsInput,
  householdFieldValues,
  type HouseholdFieldValues,
} from './household-fields';

/**
 * 修改农户: every field of the household that 新增农户 and the import template know. The grid
 * moves through 调整包保网格 (history kept), the head through the members' 设为户主. The phone
 * is only known masked: left empty it stays as stored (keepPhone).
 */
export function HouseholdEditForm({
  household,
  onClose,
  onSaved,
}: {
  household: HouseholdDetail;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<HouseholdFieldValues>();
  const save = (values: HouseholdFieldValues) => {
    const fields = householdFieldsInput(values);
    const keepPhone = !fields.phone && !values.clearPhone && household.phoneMasked !== '';
    return call('households.update', { id: household.id, ...fields, keepPhone });
  };
  const head = household.members.find((m) => m.relation === '本人');
  return (
    <FormDialog
      form={form}
      name="household-edit"
      width={1000}
      title={`修改农户：${head?.name ?? ''}户`}
      okText="保存修改"
      initialValues={householdFieldValues(household)}
      fieldPath={householdFieldPath}
      save={save}
      success="农户已修改"
      onSaved={() => onSaved()}
      onClose={onClose}
    >
      <HouseholdFields phoneMasked={household.phoneMasked} />
      <Typography.Text type="secondary">
        所在网格用「调整包保网格」更换；户主在家庭成员里用「设为户主」更换。
      </Typography.Text>
    </FormDialog>
  );
}
