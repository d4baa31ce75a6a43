import { AppError } from '../../api/errors';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';

/** Where each revealable value lives. Table and column names are fixed here, never from input. */
const SOURCES = {
  'member.idNumber': { table: 'members', column: 'id_number', label: '身份证号' },
  'household.phone': { table: 'households', column: 'phone', label: '联系电话' },
  'worker.phone': { table: 'workers', column: 'phone', label: '电话' },
  'contact.phone': { table: 'assistance_contacts', column: 'phone', label: '帮扶责任人电话' },
} as const;
export type RevealField = keyof typeof SOURCES;
export const REVEAL_FIELDS = Object.keys(SOURCES) as [RevealField, ...RevealField[]];

/**
 * Shows one unmasked ID number or phone. Every reveal is recorded (who, when, which record,
 * which field), never the value itself.
 */
export function reveal(
  ctx: ServiceContext,
  input: { field: RevealField; id: number },
): { value: string } {
  return inTransaction(ctx, () => {
    const source = SOURCES[input.field];
    const row = ctx.sqlite
      .prepare(`SELECT ${source.column} AS value FROM ${source.table} WHERE id = ?`)
      .get(input.id) as { value: string | null } | undefined;
    if (!row) throw new AppError('NOT_FOUND', `找不到要查看的记录（编号 ${input.id}）`);
    const [entity] = input.field.split('.') as [string];
    audit(ctx, { entity, entityId: input.id, action: 'reveal', after: { field: source.label } });
    return { value: row.value ?? '' };
  });
}
