import { Form } from 'antd';
import type { MemberInput } from '../../../../electron/api/roster-schemas';
import type { MemberView } from '../../../../electron/api/roster-types';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';
import { memberInputOf } from './household-form';
import { MemberFields } from './member-fields';

/**
 * Adds a member, or edits every field of one. When editing, the ID field starts empty: left
 * empty, the stored number is kept (so editing never needs the unmasked number); filled, it
 * replaces it. The service's field errors (['idNumber']) land under the fields (['m', …]).
 */
export function MemberForm({
  householdId,
  member,
  onClose,
  onDone,
}: {
  householdId: number;
  member: MemberView | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ m: MemberInput }>();
  const save = ({ m }: { m: MemberInput }) => {
    const input = memberInputOf(m);
    return member
      ? call('members.update', { ...input, id: member.id, keepIdNumber: !input.idNumber })
      : call('members.add', { ...input, householdId });
  };
  const initial = member
    ? {
        m: {
          ...Object.fromEntries(Object.entries(member).filter(([, v]) => v !== null)),
          idNumber: undefined,
        },
      }
    : { m: { health: '健康', ethnicity: '汉族' } };
  return (
    <FormDialog
      form={form}
      width={1000}
      title={member ? `修改成员「${member.name}」` : '增加成员'}
      initialValues={initial}
      fieldPath={(path) => (path[0] === 'keepIdNumber' ? null : ['m', ...path])}
      save={save}
      success="成员已保存"
      onSaved={() => onDone()}
      onClose={onClose}
    >
      <MemberFields
        prefix={['m']}
        path={['m']}
        label=""
        full
        hasStoredId={Boolean(member?.idMasked)}
        idPlaceholder={
          member?.idMasked
            ? `现为 ${member.idMasked}；不改请留空，填新号码会带出性别和出生日期`
            : undefined
        }
      />
    </FormDialog>
  );
}
