import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyKey, changeKey, isEncryptedFile } from '../../db/cipher';
import { openDatabase } from '../../db/open';
import { compareWithLive, losesAnything } from '../../electron/services/backup/compare';
import { copyRealMigrations } from '../fixtures/migrations';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

/**
 * compareWithLive on two real SQLite files: a live database with the app's schema, and a
 * backup taken from it (VACUUM INTO) before more was issued, filed and registered.
 */

let temp: ReturnType<typeof makeTempDir>;
const opened: Database.Database[] = [];
beforeEach(() => {
  temp = makeTempDir('vl-compare-');
});
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  temp.cleanup();
});

async function freshDatabase(name: string, migrationsFolder = MIGRATIONS_FOLDER) {
  const { sqlite } = await openDatabase({ file: path.join(temp.dir, name), migrationsFolder });
  opened.push(sqlite);
  // Rows below point at grids, workers and documents that the comparison never reads.
  sqlite.pragma('foreign_keys = OFF');
  return sqlite;
}

function addNotice(db: Database.Database, year: number, serial: number, title: string): void {
  db.prepare(
    `INSERT INTO notices (kind, year, serial, title, body, issuer, issue_date, period_start,
       period_end, table_json, document_id)
     VALUES ('其他', ?, ?, ?, '正文', '杨柳村村民委员会', ?, '2026-03-01', '2026-03-07', '{}', 1)`,
  ).run(year, serial, title, `${year}-03-0${Math.min(serial, 9)}`);
}

function addItem(db: Database.Database, itemNo: number, title: string): void {
  db.prepare(
    `INSERT INTO archive_items (fonds_code, year, retention, org_code, org_name, item_no,
       archival_code, responsible, title, date, pages, category, file, sha256, size, format)
     VALUES ('Z001', 2026, 'D30', 'BGS', '办公室', ?, ?, '杨柳村', ?, '20260301', 1, '综合类',
       'archive/2026/x.pdf', 'x', 1, 'pdf')`,
  ).run(itemNo, `Z001-WS·2026-D30-BGS-${String(itemNo).padStart(4, '0')}`, title);
}

function addHousehold(db: Database.Database, no: string | null, people: string[]): number {
  const id = Number(
    db
      .prepare("INSERT INTO households (household_no, household_type) VALUES (?, '一般农户')")
      .run(no).lastInsertRowid,
  );
  people.forEach((name, index) => {
    db.prepare(
      "INSERT INTO members (household_id, name, sex, relation) VALUES (?, ?, '男', ?)",
    ).run(id, name, index === 0 ? '本人' : '之子');
  });
  return id;
}

function addProblem(db: Database.Database): void {
  db.prepare(
    `INSERT INTO problems (grid_id, worker_id, category, source, description, registered_date, due_date)
     VALUES (1, 1, '其他', '网格员排查', '测试', '2026-03-01', '2026-03-31')`,
  ).run();
}

function addVisit(db: Database.Database): void {
  db.prepare(
    "INSERT INTO visits (household_id, worker_id, date, way) VALUES (1, 1, '2026-03-01', '入户')",
  ).run();
}

/** A consistent copy of the database as a backup file, opened on its own handle. */
function backupOf(db: Database.Database, name: string, password?: string): Database.Database {
  const file = path.join(temp.dir, name);
  db.prepare('VACUUM INTO ?').run(file);
  const copy = new Database(file);
  opened.push(copy);
  copy.pragma('foreign_keys = OFF');
  if (password) {
    changeKey(copy, password);
    copy.close();
    expect(isEncryptedFile(file)).toBe(true);
    const encrypted = new Database(file);
    opened.push(encrypted);
    applyKey(encrypted, password);
    return encrypted;
  }
  return copy;
}

describe('compareWithLive', () => {
  it('lists what was issued, filed and added after the backup, newest first', async () => {
    const live = await freshDatabase('live.db');
    addNotice(live, 2026, 1, '关于2026年第一批监测对象识别认定的公示');
    addNotice(live, 2026, 2, '关于帮扶措施的公示');
    addItem(live, 1, '杨柳村2026年1月月通报');
    addHousehold(live, 'H001', ['张三', '张小三']);
    addHousehold(live, null, ['李四', '李小四']);
    addProblem(live);
    addVisit(live);
    addVisit(live);
    const backup = backupOf(live, 'backup.db');

    // After the backup: two notices issued, 2号 renumbered under another title (as after an
    // earlier restore), two items filed, a household added, one whose head changed (not new),
    // problems and visits registered.
    live.prepare("UPDATE notices SET title = '关于风险消除的公示' WHERE serial = 2").run();
    addNotice(live, 2026, 3, '关于网格划分的公告');
    addNotice(live, 2026, 4, '关于识别认定结果的公告');
    addItem(live, 2, '杨柳村2026年2月月通报');
    addItem(live, 3, '杨柳村2026年3月月通报');
    addHousehold(live, 'H003', ['王五']);
    live.prepare("UPDATE members SET relation = '本人' WHERE name = '李小四'").run();
    live.prepare("UPDATE members SET relation = '之父' WHERE name = '李四'").run();
    addProblem(live);
    addProblem(live);
    addVisit(live);

    const loss = compareWithLive(live, backup);
    expect(loss.notices.total).toBe(3);
    expect(loss.notices.items.map((n) => n.number)).toEqual([
      '〔2026〕4号',
      '〔2026〕3号',
      '〔2026〕2号',
    ]);
    expect(loss.notices.items[2]).toEqual({
      number: '〔2026〕2号',
      title: '关于风险消除的公示',
      issueDate: '2026-03-02',
    });
    expect(loss.archiveItems).toEqual({
      total: 2,
      items: [
        { archivalCode: 'Z001-WS·2026-D30-BGS-0003', title: '杨柳村2026年3月月通报' },
        { archivalCode: 'Z001-WS·2026-D30-BGS-0002', title: '杨柳村2026年2月月通报' },
      ],
    });
    expect(loss.households).toEqual({ total: 1, items: [{ code: 'H003', headName: '王五' }] });
    expect(loss.problems.total).toBe(2);
    expect(loss.visits.total).toBe(1);
    expect(losesAnything(loss)).toBe(true);

    // The backup compared with itself loses nothing.
    const same = compareWithLive(backup, backup);
    expect(losesAnything(same)).toBe(false);
    expect(same.notices).toEqual({ total: 0, items: [] });
  });

  it('counts a household whose id the backup gave to other people, and ids handed out again', async () => {
    const live = await freshDatabase('live.db');
    addHousehold(live, null, ['赵六']);
    addProblem(live);
    const backup = backupOf(live, 'backup.db');
    // The backup later gained household 2 (钱七) and problem 2; the live data was restored
    // from an older copy before that and handed the same ids to others.
    backup.prepare("INSERT INTO households (id, household_type) VALUES (2, '一般农户')").run();
    backup
      .prepare(
        "INSERT INTO members (household_id, name, sex, relation) VALUES (2, '钱七', '男', '本人')",
      )
      .run();
    addHousehold(live, null, ['孙八']);
    // Written later than anything the backup holds, under an id it already has.
    backup
      .prepare(
        "INSERT INTO problems (id, grid_id, worker_id, category, source, description, registered_date, due_date, created_at) VALUES (2, 1, 1, '其他', '网格员排查', 'x', '2026-03-01', '2026-03-31', '2026-01-01T00:00:00.000Z')",
      )
      .run();
    addProblem(live);

    const loss = compareWithLive(live, backup);
    expect(loss.households).toEqual({ total: 1, items: [{ code: null, headName: '孙八' }] });
    expect(loss.problems.total).toBe(1);
  });

  it('reads the live data in pages and keeps only the first entries of each list', async () => {
    const live = await freshDatabase('live.db');
    const backup = backupOf(live, 'backup.db');
    live.transaction(() => {
      for (let n = 1; n <= 1000; n += 1) addItem(live, n, `文件${n}`);
      for (let n = 1; n <= 450; n += 1) addNotice(live, 2025 + (n % 2), n, `公示${n}`);
    })();
    // The backup already holds the first 10 items.
    backup.transaction(() => {
      for (let n = 1; n <= 10; n += 1) addItem(backup, n, `文件${n}`);
    })();

    const loss = compareWithLive(live, backup, { limit: 3 });
    expect(loss.limit).toBe(3);
    expect(loss.archiveItems.total).toBe(990);
    expect(loss.archiveItems.items.map((i) => i.title)).toEqual(['文件1000', '文件999', '文件998']);
    expect(loss.notices.total).toBe(450);
    expect(loss.notices.items.map((n) => n.number)).toEqual([
      '〔2025〕450号',
      '〔2026〕449号',
      '〔2025〕448号',
    ]);
  });

  it('treats what an older backup lacks (tables, columns) as empty', async () => {
    const live = await freshDatabase('live.db');
    addNotice(live, 2026, 1, '关于识别认定的公示');
    addItem(live, 1, '月通报');
    addHousehold(live, 'H001', ['张三']);
    addProblem(live);
    addVisit(live);

    // A backup made by a build that had only the roster (no ledger, notices or archive yet).
    const oldFolder = path.join(temp.dir, 'old-migrations');
    copyRealMigrations(oldFolder, 2);
    const old = await freshDatabase('old.db', oldFolder);
    addHousehold(old, 'H001', ['张三']);
    expect(
      old
        .prepare(
          "SELECT count(*) AS n FROM sqlite_master WHERE name IN ('notices', 'archive_items', 'problems')",
        )
        .get(),
    ).toEqual({ n: 0 });

    const loss = compareWithLive(live, old);
    expect(loss.notices.total).toBe(1);
    expect(loss.archiveItems.total).toBe(1);
    expect(loss.households.total).toBe(0);
    expect(loss.problems.total).toBe(1);
    expect(loss.visits.total).toBe(1);

    // A households table without 户编号 still matches by id and the head's name.
    const bare = new Database(path.join(temp.dir, 'bare.db'));
    opened.push(bare);
    bare.exec(
      'CREATE TABLE households (id INTEGER PRIMARY KEY); CREATE TABLE members (household_id INTEGER, name TEXT);',
    );
    bare.exec("INSERT INTO households VALUES (1); INSERT INTO members VALUES (1, '张三');");
    expect(compareWithLive(live, bare).households.total).toBe(0);
  });

  it('names a lost notice as it was printed (its issue record), else by year and serial', async () => {
    const live = await freshDatabase('live.db');
    const backup = backupOf(live, 'backup.db');
    addNotice(live, 2026, 7, '关于帮扶措施的公示');
    addNotice(live, 2026, 8, '关于风险消除的公示');
    const audit = live.prepare(
      `INSERT INTO audit_log (at, operator, entity, entity_id, action, after)
       VALUES ('2026-03-07T00:00:00.000Z', '测试员', 'notice', ?, 'issue', ?)`,
    );
    audit.run('1', JSON.stringify({ number: '杨柳村委发〔2026〕7号' }));
    audit.run('2', 'not json');
    expect(compareWithLive(live, backup).notices.items.map((n) => n.number)).toEqual([
      '〔2026〕8号',
      '杨柳村委发〔2026〕7号',
    ]);
  });

  it('compares a live plain database with an encrypted backup (two handles, two keys)', async () => {
    const live = await freshDatabase('live.db');
    addNotice(live, 2026, 1, '关于识别认定的公示');
    const backup = backupOf(live, 'encrypted.db', '备份密码123');
    addNotice(live, 2026, 2, '关于帮扶措施的公示');
    const loss = compareWithLive(live, backup);
    expect(loss.notices.items).toEqual([
      { number: '〔2026〕2号', title: '关于帮扶措施的公示', issueDate: '2026-03-02' },
    ]);
  });
});
