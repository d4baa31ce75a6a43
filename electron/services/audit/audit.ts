import type Database from 'better-sqlite3';
import { and, desc, eq } from 'drizzle-orm';
import { auditLog } from '../../../db/schema';
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
  value === undefined ? null : JSON.stringify(value);

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

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

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
