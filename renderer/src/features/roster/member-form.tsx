import { Form, Modal } from 'antd';
import type { MemberInput } from '../../../../electron/api/roster-schemas';
import type { MemberView } from '../../../../electron/api/roster-types';
import { call } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { cleanMember, MemberFields } from './member-fields';

/**
 * Adds a member, or edits one. When editing, the ID field starts empty: left empty, the stored
 * number is kept (so editing never needs the unmasked number); filled, it replaces it.
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
  const { run, busy } = useAction();
  const submit = async () => {
    const { m } = await form.validateFields();
    const input = cleanMember(m);
    const done = await run(
      () =>
        member
          ? call('members.update', { ...input, id: member.id, keepIdNumber: !input.idNumber })
          : call('members.add', { ...input, householdId }),
      '成员已保存',
    );
    if (done) onDone();
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
    <Modal
      open
      width={1000}
      title={member ? `修改成员「${member.name}」` : '增加成员'}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial}>
        <MemberFields
          prefix={['m']}
          label=""
          full
          idPlaceholder={member?.idMasked ? `不改请留空（现为 ${member.idMasked}）` : undefined}
        />
      </Form>
    </Modal>
  );
}
