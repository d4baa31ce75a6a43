import type Database from 'better-sqlite3';
import { normalizePersonName } from '../electron/api/normalize';
import { nameInitials } from '../electron/services/roster/people';

/**
 * Data steps: JavaScript that a migration needs besides its SQL (a rule SQL cannot express,
 * such as docs/domain.md §10's Chinese-vs-Latin name rule). applyMigrations() runs the step
 * registered under a migration's tag right after that migration's SQL, inside the same
 * transaction: the data is changed together with the schema version, or not at all.
 */
export interface DataStepContext {
  sqlite: Database.Database;
  /** The clock of the open, for the audit rows the step writes. */
  now: Date;
}

/** Returns one line for the app's log (counts only, never personal data), or null. */
export type DataStep = (ctx: DataStepContext) => string | null;

/** Who the audit trail names for changes a migration makes (no clerk is working yet). */
export const MIGRATION_OPERATOR = '系统（数据升级）';

/** The person-name columns of docs/domain.md §10, with the audit entity of their table. */
const NAME_COLUMNS: {
  table: string;
  entity: string;
  columns: { column: string; field: string; required: boolean }[];
}[] = [
  {
    table: 'members',
    entity: 'member',
    columns: [{ column: 'name', field: 'name', required: true }],
  },
  {
    table: 'workers',
    entity: 'worker',
    columns: [{ column: 'name', field: 'name', required: true }],
  },
  {
    table: 'assistance_contacts',
    entity: 'contact',
    columns: [{ column: 'name', field: 'name', required: true }],
  },
  {
    table: 'problems',
    entity: 'problem',
    columns: [
      { column: 'person_name', field: 'personName', required: false },
      { column: 'responsible_person', field: 'responsiblePerson', required: false },
    ],
  },
  {
    table: 'meetings',
    entity: 'meeting',
    columns: [
      { column: 'host', field: 'host', required: false },
      { column: 'recorder', field: 'recorder', required: false },
    ],
  },
];

/**
 * docs/domain.md §10: names stored before the rule lose their blanks the way new input does
 * (张  三 → 张三, ' Maria  Li ' → 'Maria Li'). One audit row per record changed, before → after
 * of its names only; a required name made only of blanks is left for the clerk (an empty
 * name would be worse). A member's pinyin initials follow its name. Running it again finds
 * nothing to change.
 */
export const cleanPersonNames: DataStep = ({ sqlite, now }) => {
  const auditRow = sqlite.prepare(
    "INSERT INTO audit_log (at, operator, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, 'update', ?, ?)",
  );
  const at = now.toISOString();
  let cleaned = 0;
  for (const { table, entity, columns } of NAME_COLUMNS) {
    const names = columns.map((c) => c.column);
    // Every row is read once: the normalizer, not a SQL pattern, decides what is a blank
    // (40,000 members take a few milliseconds).
    const rows = sqlite
      .prepare(`SELECT id, ${names.join(', ')} FROM ${table} ORDER BY id`)
      .all() as Record<string, unknown>[];
    for (const row of rows) {
      const before: Record<string, string> = {};
      const after: Record<string, string> = {};
      const sets: Record<string, string> = {};
      for (const { column, field, required } of columns) {
        const value = row[column];
        if (typeof value !== 'string') continue;
        const clean = normalizePersonName(value);
        if (clean === value || (required && clean === '')) continue;
        before[field] = value;
        after[field] = clean;
        sets[column] = clean;
      }
      const changed = Object.keys(sets);
      if (changed.length === 0) continue;
      if (table === 'members' && sets.name !== undefined)
        sets.name_initials = nameInitials(sets.name);
      sqlite
        .prepare(
          `UPDATE ${table} SET ${Object.keys(sets)
            .map((c) => `${c} = @${c}`)
            .join(', ')} WHERE id = @id`,
        )
        .run({ ...sets, id: row.id });
      auditRow.run(
        at,
        MIGRATION_OPERATOR,
        entity,
        String(row.id),
        JSON.stringify(before),
        JSON.stringify(after),
      );
      cleaned += changed.length;
    }
  }
  return `清理姓名中的空格 ${cleaned} 处`;
};

/** The data step of each migration tag that has one. */
export const DATA_STEPS: Record<string, DataStep> = {
  '0005_clean_names': cleanPersonNames,
};
