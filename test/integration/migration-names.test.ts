import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATION_OPERATOR } from '../../db/data-steps';
import { closeLog, logFile, openLog } from '../../electron/services/log/logger';
import { AppSession } from '../../electron/services/session';
import { seedLedgerBase } from '../fixtures/ledger';
import { copyRealMigrations, realJournal } from '../fixtures/migrations';
import { FIXED_NOW } from '../fixtures/runtime';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { call } from '../fixtures/village';

/**
 * docs/domain.md §10: names stored before the normalizer lose their blanks through migration
 * 0005_clean_names and its data step, audited one row per record, with a count in the log.
 */

let temp: ReturnType<typeof makeTempDir>;
let dataDir: string;
let oldFolder: string;
const sessions: AppSession[] = [];

beforeEach(() => {
  temp = makeTempDir();
  dataDir = path.join(temp.dir, 'data');
  oldFolder = path.join(temp.dir, 'migrations-0004');
});
afterEach(() => {
  for (const session of sessions.splice(0)) session.close();
  closeLog();
  temp.cleanup();
});

async function openSession(migrationsFolder: string): Promise<AppSession> {
  const session = await new AppSession({
    dataDir,
    migrationsFolder,
    operator: '李会计',
    now: () => FIXED_NOW,
  }).open();
  sessions.push(session);
  return session;
}

function closeSession(session: AppSession): void {
  session.close();
  sessions.splice(sessions.indexOf(session), 1);
}

/** Rows of a table by id, only the given columns. */
function rows(session: AppSession, sql: string): unknown[] {
  return session.ctx.sqlite.prepare(sql).all();
}

/**
 * The columns later migrations add (`ALTER TABLE t ADD c …`) and the tables they make: today's
 * services write (and read) them, so they are added to the old database while it is seeded through the services and dropped again
 * before it is closed — the file is then the old schema holding the old build's records.
 */
type LaterPart = { table: string; column: string | null; sql: string };

function laterColumns(after: number): LaterPart[] {
  return realJournal()
    .slice(after)
    .flatMap((entry) =>
      fs
        .readFileSync(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), 'utf8')
        .split('--> statement-breakpoint')
        .map((statement) => statement.trim())
        .flatMap((statement): LaterPart[] => {
          const match = /^ALTER TABLE `(\w+)` ADD `(\w+)`/.exec(statement);
          if (match) return [{ table: match[1]!, column: match[2]!, sql: statement }];
          // A later table (e.g. the workspace that every call now reads) is made for the seeding
          // and dropped again like the columns.
          const table = /^CREATE TABLE `(\w+)`/.exec(statement);
          return table ? [{ table: table[1]!, column: null, sql: statement }] : [];
        }),
    );
}

/** A database at schema 0004 (the release before) holding names typed with blanks. */
async function seedOldDatabase(): Promise<{ memberIds: number[]; workerId: number }> {
  const tags = realJournal().map((entry) => entry.tag);
  const cleanIndex = tags.indexOf('0005_clean_names');
  expect(cleanIndex).toBe(5);
  copyRealMigrations(oldFolder, cleanIndex);
  const old = await openSession(oldFolder);
  expect(old.ctx.schemaVersion).toBe(5);
  const ctx = old.ctx;
  const later = laterColumns(cleanIndex);
  for (const column of later) ctx.sqlite.exec(column.sql);
  const base = await seedLedgerBase((method, input) => call(ctx, method, input));
  await call(ctx, 'contacts.assign', {
    householdId: base.households.zhang,
    name: '周帮扶',
    startDate: '2026-01-05',
  });
  await call(ctx, 'problems.create', {
    workerId: base.workers.wang,
    gridId: base.grids.group1,
    personName: '钱七',
    category: '住房',
    description: '房屋漏雨',
    registeredDate: '2026-03-01',
  });
  await call(ctx, 'meetings.save', {
    gridId: base.grids.group1,
    date: '2026-03-02',
    host: '王网格',
    recorder: '李网格',
  });
  // What an older build stored as typed: the dispatch above cleans, so dirty them directly.
  const members = ctx.sqlite.prepare('SELECT id FROM members ORDER BY id').all() as {
    id: number;
  }[];
  const set = (sql: string, ...args: unknown[]) => ctx.sqlite.prepare(sql).run(...args);
  set('UPDATE members SET name = ? WHERE id = ?', '张  三', members[0]!.id);
  set('UPDATE members SET name = ? WHERE id = ?', '李\u3000四', members[1]!.id);
  set('UPDATE members SET name = ? WHERE id = ?', ' Maria  Li ', members[2]!.id);
  set('UPDATE members SET name = ? WHERE id = ?', '\u3000', members[3]!.id);
  set('UPDATE workers SET name = ? WHERE id = ?', ' 王 网格', base.workers.wang);
  set('UPDATE assistance_contacts SET name = ?', '周\u00A0帮扶');
  set('UPDATE problems SET person_name = ?, responsible_person = ?', '钱 七', '孙  主任');
  set('UPDATE meetings SET host = ?, recorder = ?', '王网格 ', '李网格');
  for (const { table, column } of later.reverse()) {
    ctx.sqlite.exec(
      column === null
        ? `DROP TABLE \`${table}\``
        : `ALTER TABLE \`${table}\` DROP COLUMN \`${column}\``,
    );
  }
  closeSession(old);
  return { memberIds: members.map((m) => m.id), workerId: base.workers.wang };
}

const logLines = () =>
  fs.existsSync(logFile(dataDir)) ? fs.readFileSync(logFile(dataDir), 'utf8').split('\n') : [];

describe('migration 0005_clean_names', () => {
  it('cleans stored names as new input is cleaned, audits each record and logs the count', async () => {
    const { memberIds, workerId } = await seedOldDatabase();
    openLog(dataDir, { console: false });
    const session = await openSession(MIGRATIONS_FOLDER);
    expect(session.ctx.schemaVersion).toBe(realJournal().length);

    const [m0, m1, m2, m3] = memberIds;
    expect(
      rows(session, `SELECT id, name, name_initials AS initials FROM members ORDER BY id`),
    ).toEqual([
      { id: m0, name: '张三', initials: 'zs' },
      { id: m1, name: '李四', initials: 'ls' },
      { id: m2, name: 'Maria Li', initials: expect.any(String) },
      // A required name made only of blanks is left for the clerk, not emptied.
      { id: m3, name: '\u3000', initials: expect.any(String) },
    ]);
    // 李网格 was clean and stays as it was.
    expect(rows(session, 'SELECT name FROM workers ORDER BY id')).toEqual([
      { name: '王网格' },
      { name: '李网格' },
    ]);
    expect(rows(session, 'SELECT name FROM assistance_contacts')).toEqual([{ name: '周帮扶' }]);
    expect(rows(session, 'SELECT person_name, responsible_person FROM problems')).toEqual([
      { person_name: '钱七', responsible_person: '孙主任' },
    ]);
    expect(rows(session, 'SELECT host, recorder FROM meetings')).toEqual([
      { host: '王网格', recorder: '李网格' },
    ]);

    const audit = rows(
      session,
      `SELECT operator, entity, entity_id AS entityId, action, before, after FROM audit_log
        WHERE operator = '${MIGRATION_OPERATOR}' ORDER BY id`,
    ).map((row) => {
      const r = row as Record<string, string>;
      return { ...r, before: JSON.parse(r.before!), after: JSON.parse(r.after!) };
    });
    const op = { operator: MIGRATION_OPERATOR, action: 'update' };
    expect(audit).toEqual([
      {
        ...op,
        entity: 'member',
        entityId: String(m0),
        before: { name: '张  三' },
        after: { name: '张三' },
      },
      {
        ...op,
        entity: 'member',
        entityId: String(m1),
        before: { name: '李\u3000四' },
        after: { name: '李四' },
      },
      {
        ...op,
        entity: 'member',
        entityId: String(m2),
        before: { name: ' Maria  Li ' },
        after: { name: 'Maria Li' },
      },
      {
        ...op,
        entity: 'worker',
        entityId: String(workerId),
        before: { name: ' 王 网格' },
        after: { name: '王网格' },
      },
      {
        ...op,
        entity: 'contact',
        entityId: '1',
        before: { name: '周\u00A0帮扶' },
        after: { name: '周帮扶' },
      },
      {
        ...op,
        entity: 'problem',
        entityId: '1',
        before: { personName: '钱 七', responsiblePerson: '孙  主任' },
        after: { personName: '钱七', responsiblePerson: '孙主任' },
      },
      {
        ...op,
        entity: 'meeting',
        entityId: '1',
        before: { host: '王网格 ' },
        after: { host: '王网格' },
      },
    ]);
    // The history of 张三's household shows the cleaning as a change by the upgrade.
    const history = await call<{ entries: { operator: string; changes: unknown[] }[] }>(
      session.ctx,
      'audit.history',
      { entity: 'household', entityId: 1 },
    );
    expect(history.entries.filter((e) => e.operator === MIGRATION_OPERATOR)).toHaveLength(3);

    // 8 values in 7 records; the log carries the count only, never a name.
    const lines = logLines();
    expect(lines.filter((line) => line.includes('数据升级：清理姓名中的空格 8 处'))).toHaveLength(
      1,
    );
    expect(lines.join('\n')).not.toMatch(/张|Maria|钱/);
    // The pre-migration backup is still written, with the dirty names in it.
    const backups = fs.readdirSync(path.join(dataDir, 'backups'));
    expect(backups).toEqual([expect.stringMatching(/^升级前-.*-v5\.vlbak$/)]);

    // Idempotent: a second open finds nothing pending, changes nothing, logs no upgrade.
    const auditCount = rows(session, 'SELECT count(*) AS n FROM audit_log');
    closeSession(session);
    const again = await openSession(MIGRATIONS_FOLDER);
    expect(rows(again, 'SELECT count(*) AS n FROM audit_log')).toEqual(auditCount);
    expect(rows(again, 'SELECT name FROM members ORDER BY id').slice(0, 3)).toEqual([
      { name: '张三' },
      { name: '李四' },
      { name: 'Maria Li' },
    ]);
    expect(logLines().filter((line) => line.includes('数据升级'))).toHaveLength(1);
  });

  it('runs on a brand-new database too: nothing to clean, no audit row, count 0 in the log', async () => {
    openLog(dataDir, { console: false });
    const fresh = await openSession(MIGRATIONS_FOLDER);
    expect(
      rows(fresh, `SELECT count(*) AS n FROM audit_log WHERE operator = '${MIGRATION_OPERATOR}'`),
    ).toEqual([{ n: 0 }]);
    expect(
      logLines().filter((line) => line.includes('数据升级：清理姓名中的空格 0 处')),
    ).toHaveLength(1);
  });
});
