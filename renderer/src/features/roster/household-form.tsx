import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Divider, Form } from 'antd';
import type { HouseholdCreateInput, MemberInput } from '../../../../electron/api/roster-schemas';
import { call } from '../../api/client';
import { dateValue } from '../../components/date-input';
import { FormDialog } from '../../components/form-dialog';
import {
  householdFieldPath,
  HouseholdFields,
  householdFieldsInput,
  type HouseholdFieldValues,
} from './household-fields';
import { cleanMember, MemberFields } from './member-fields';

type Values = HouseholdFieldValues & { members: MemberInput[] };

/** A member's form values → the API's member (birth date typed as 2026/3/1 → 2026-03-01). */
export function memberInputOf(member: MemberInput): MemberInput {
  return cleanMember({
    ...member,
    birthDate: dateValue(member.birthDate),
    // A granted date goes only with its flag (docs/domain.md §2); unticking drops it.
    minimumLivingSince: member.minimumLiving ? dateValue(member.minimumLivingSince) : undefined,
    extremePovertySince: member.extremePoverty ? dateValue(member.extremePovertySince) : undefined,
  });
}

/**
 * 新增农户: the household and all its members, saved together or not at all. The household's
 * fields are the ones 修改农户 edits (HouseholdFields); a service error about the 2nd member's
 * ID lands under that member's 身份证号 (the list is named `members`, as in the API).
 */
export function HouseholdForm({
  gridId,
  gridName,
  onClose,
  onCreated,
}: {
  gridId: number;
  gridName: string;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const [form] = Form.useForm<Values>();
  const save = (values: Values) => {
    const input: HouseholdCreateInput = {
      ...householdFieldsInput(values),
      gridId,
      members: values.members.map(memberInputOf),
    };
    return call('households.create', input);
  };
  return (
    <FormDialog
      form={form}
      width={1100}
      title={`新增农户（${gridName}）`}
      okText="保存农户"
      initialValues={{
        householdType: '一般农户',
        members: [{ relation: '本人', health: '健康' }],
      }}
      fieldPath={householdFieldPath}
      save={save}
      success="农户已保存"
      onSaved={(created) => onCreated(created.id)}
      onClose={onClose}
    >
      <HouseholdFields />
      <Divider titlePlacement="left">家庭成员（第一位一般是户主，关系选「本人」）</Divider>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                title={`成员 ${index + 1}`}
                style={{ marginBottom: 8 }}
                extra={
                  fields.length > 1 && (
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={`删除成员 ${index + 1}`}
                    />
                  )
                }
              >
                <MemberFields
                  prefix={[field.name]}
                  path={['members', field.name]}
                  label={`成员 ${index + 1} `}
                  full={false}
                />
              </Card>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ health: '健康' })}
              block
            >
              增加成员
            </Button>
          </>
        )}
      </Form.List>
    </FormDialog>
  );
}
