import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Append-only audit trail: every write through the services adds a row in the same
 * transaction, so a change and its record are committed (or lost) together.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    operator: text('operator').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    before: text('before'),
    after: text('after'),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId, t.id), index('audit_at_idx').on(t.at)],
);

export type AuditRow = typeof auditLog.$inferSelect;
