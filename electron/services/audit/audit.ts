import type Database from 'better-sqlite3';
import { and, desc, eq } from 'drizzle-orm';
import { auditLog } from '../../../db/schema';
import { maskSensitiveText } from '../../api/id-number';
import type { AuditEntry } from '../../api/types';
import type { ServiceContext } from '../context';

export interface AuditInput {
  entity: string;
  entityId: string | number;
  action: 'create' | 'update' | 'delete' | 'seed' | string;
  before?: unknown;
  after?: unknown;
}

const toJson = (value: unknown): string | null =>
  value === undefined ? null : JSON.stringify(maskSnapshot(value));

/** Fields that hold a file's fingerprint, its stored name or a printed notice number: never personal text. */
const VERBATIM_FIELDS = new Set(['sha256', 'hash', 'number', 'file']);
/** Fields that carry a person's ID number (masked by then) in a snapshot. */
const ID_FIELDS = ['idNumber', 'idKey', 'idMasked', 'headIdMasked'];

/**
 * What the audit trail may keep of a snapshot (docs/domain.md §7, issue 14): every text, free
 * text included — a problem's description, steps, findings, minutes, a measure's content,
 * notes — with ID numbers and phones masked as lists mask them, however they were written; and
 * no birth date beside a masked ID (it is exactly the hidden digits). Applied when a row is
 * written and again when one is read, so rows written before this rule are shown masked too.
 */
export function maskSnapshot(value: unknown, field?: string): unknown {
  if (typeof value === 'string') {
    return field !== undefined && VERBATIM_FIELDS.has(field) ? value : maskSensitiveText(value);
  }
  if (Array.isArray(value)) return value.map((item) => maskSnapshot(item, field));
  if (typeof value !== 'object' || value === null) return value;
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return maskSnapshot(json.call(value), field);
  const fields = value as Record<string, unknown>;
  const hasId = ID_FIELDS.some((key) => typeof fields[key] === 'string' && fields[key] !== '');
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(fields)) {
    if (hasId && key === 'birthDate') continue;
    result[key] = maskSnapshot(item, key);
  }
  return result;
}

/** One INSERT prepared per connection: audit() runs inside every write, imports included. */
const statements = new WeakMap<Database.Database, Database.Statement>();

function insertStatement(sqlite: Database.Database): Database.Statement {
  let statement = statements.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare(
      'INSERT INTO audit_log (at, operator, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    statements.set(sqlite, statement);
  }
  return statement;
}

/** Appends one audit row. Call it inside the same transaction as the change it records. */
export function audit(ctx: ServiceContext, entry: AuditInput): void {
  if (!ctx.sqlite.inTransaction) {
    throw new Error('audit() must run inside the transaction of the change it records');
  }
  insertStatement(ctx.sqlite).run(
    ctx.now().toISOString(),
    ctx.operator,
    entry.entity,
    String(entry.entityId),
    entry.action,
    toJson(entry.before),
    toJson(entry.after),
  );
}

const parse = (text: string | null): unknown =>
  text === null ? null : maskSnapshot(JSON.parse(text) as unknown);

export function listAudit(
  ctx: ServiceContext,
  filter: { entity?: string; entityId?: string; limit?: number },
): AuditEntry[] {
  const conditions = [
    filter.entity ? eq(auditLog.entity, filter.entity) : undefined,
    filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
  ];
  return ctx.db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit ?? 200)
    .all()
    .map((row) => ({ ...row, before: parse(row.before), after: parse(row.after) }));
}
