import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { maskIdNumber } from '../../../api/id-number';
import { reportImports, reportVillages } from '../../../../db/schema';
import { audit } from '../../audit/audit';
import { inTransaction, type ServiceContext } from '../../context';
import { createGrid } from '../../grids/grids';
import { columnNames, PACKAGE_TABLES, tableEntry, type PackageTable } from '../format';
import { workspaceOf } from '../workspace';
import { forEachLine, PackageRefusal, type VerifiedPackage } from './read';

/**
 * Loads a verified 上报包 (docs/domain.md §11) in ONE transaction: the village's previously loaded
 * rows go, the package's rows come in with the workspace's own ids (every reference translated
 * through per-table id maps, the village's ids kept in report_ids), report_villages says which
 * package is loaded now, report_imports keeps the attempt, one audit row records it. Any error
 * (or a killed process) rolls all of it back: the workspace stays as it was.
 *
 * Rows are parsed one line at a time from the package's bytes and written with statements
 * prepared once (a county's 80 villages must load within the benchmark's time and memory).
 */

export interface LoadResult {
  villageId: number;
  gridId: number;
  /** Whether an older package of the village was replaced. */
  replaced: boolean;
  /** What the 导入记录 says of it. */
  message: string;
}

/** The village's rows loaded before, found through what report_ids recorded of them. */
function deleteVillageRows(sqlite: Database.Database, villageId: number): void {
  const of = (entity: string) =>
    `(SELECT local_id FROM report_ids WHERE village_id = ${villageId} AND entity = '${entity}')`;
  // Children before parents: the ledger's references are ON DELETE RESTRICT.
  const statements = [
    `DELETE FROM visits WHERE household_id IN ${of('household')} OR problem_id IN ${of('problem')} OR worker_id IN ${of('worker')}`,
    `DELETE FROM meeting_problems WHERE meeting_id IN ${of('meeting')} OR problem_id IN ${of('problem')}`,
    `DELETE FROM meetings WHERE id IN ${of('meeting')}`,
    `DELETE FROM problem_steps WHERE problem_id IN ${of('problem')}`,
    `DELETE FROM problems WHERE id IN ${of('problem')}`,
    `DELETE FROM worker_roles WHERE worker_id IN ${of('worker')} OR grid_id IN ${of('grid')}`,
    `DELETE FROM household_grids WHERE grid_id IN ${of('grid')} OR household_id IN ${of('household')}`,
    // Members, risks, incomes, contacts, measures, card prints and handouts cascade.
    `DELETE FROM households WHERE id IN ${of('household')}`,
    `DELETE FROM workers WHERE id IN ${of('worker')}`,
  ];
  for (const statement of statements) sqlite.prepare(statement).run();
  // Grids deepest first: each round removes the leaves of what is left of the subtree.
  const leaves = sqlite.prepare(
    `DELETE FROM grids WHERE id IN ${of('grid')} AND id NOT IN (SELECT parent_id FROM grids WHERE parent_id IS NOT NULL)`,
  );
  while (leaves.run().changes > 0);
  sqlite.prepare('DELETE FROM report_ids WHERE village_id = ?').run(villageId);
}

/** The workspace's township node the village hangs under (a county workspace makes it). */
function townshipNode(ctx: ServiceContext, township: string): number {
  const ws = workspaceOf(ctx);
  const county =
    ws.kind === 'county'
      ? ctx.sqlite
          .prepare(`SELECT id FROM grids WHERE level = 'county' AND parent_id IS NULL AND name = ?`)
          .get(ws.name)
      : undefined;
  const found = ctx.sqlite
    .prepare(
      `SELECT id FROM grids WHERE level = 'township' AND name = ? AND archived_at IS NULL
       ${county ? 'AND parent_id = ?' : ''} ORDER BY id LIMIT 1`,
    )
    .get(...(county ? [township, (county as { id: number }).id] : [township])) as
    { id: number } | undefined;
  if (found) return found.id;
  const parentId = (county as { id: number } | undefined)?.id ?? null;
  return createGrid(ctx, { parentId, level: 'township', name: township }).id;
}

/** Who already holds a household loaded from another village (for a collision's sentence). */
function holderOf(sqlite: Database.Database, householdId: number): string {
  const row = sqlite
    .prepare(
      `SELECT rv.township_name || rv.village_name AS name FROM report_ids ri
       JOIN report_villages rv ON rv.id = ri.village_id
       WHERE ri.entity = 'household' AND ri.local_id = ?`,
    )
    .get(householdId) as { name: string } | undefined;
  return row?.name ?? '本库中的其他村';
}

/** The head (or first member) of a package's household, for naming it in a sentence. */
function headOf(pkg: VerifiedPackage, sourceHousehold: number): string {
  let found: { name: string; id: string } | undefined;
  const entry = tableEntry('members');
  forEachLine(
    pkg.files.get(entry)!,
    entry,
    (m) => new PackageRefusal(m),
    undefined,
    (text) => {
      const m = JSON.parse(text) as Record<string, unknown>;
      if (m.household_id !== sourceHousehold) return;
      if (!found || m.relation === '本人') {
        found = { name: String(m.name), id: maskIdNumber(String(m.id_number ?? '')) };
      }
    },
  );
  return found ? `${found.name}（身份证号 ${found.id}）户` : `编号 ${sourceHousehold} 的农户`;
}

const isUnique = (error: unknown) =>
  (error as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
  (error as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
const isConstraint = (error: unknown) =>
  String((error as { code?: string } | null)?.code ?? '').startsWith('SQLITE_CONSTRAINT');

/**
 * WAL pages a package's commit may leave before SQLite copies them into the database file (its
 * default is 1,000 = 4 MiB). Copying and syncing the file after every package took a third of a
 * county import's time (80 packages, docs/scale.md); with this the file is brought up to date
 * about every 100 MiB instead, and by the next ordinary write or the import job's end.
 */
const IMPORT_AUTOCHECKPOINT_PAGES = 25_000;

export function loadPackage(ctx: ServiceContext, pkg: VerifiedPackage): LoadResult {
  const sqlite = ctx.sqlite;
  const previous = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
  sqlite.pragma(`wal_autocheckpoint = ${Math.max(previous, IMPORT_AUTOCHECKPOINT_PAGES)}`);
  try {
    return loadInTransaction(ctx, pkg);
  } finally {
    sqlite.pragma(`wal_autocheckpoint = ${previous}`);
  }
}

function loadInTransaction(ctx: ServiceContext, pkg: VerifiedPackage): LoadResult {
  const { manifest } = pkg;
  const v = manifest.village;
  const sqlite = ctx.sqlite;
  return inTransaction(ctx, () => {
    const now = ctx.now().toISOString();
    const existing = ctx.db
      .select()
      .from(reportVillages)
      .where(eq(reportVillages.villageKey, pkg.key))
      .get();
    const fields = {
      villageName: v.name,
      villageCode: v.code,
      townshipName: v.township,
      countyName: v.county,
      fondsCode: v.fondsCode,
      period: manifest.period,
      packageCreatedAt: manifest.createdAt,
      packageSha256: pkg.sha256,
      schemaVersion: manifest.schemaVersion,
      appVersion: manifest.appVersion,
      counts: JSON.stringify(manifest.counts),
      figures: pkg.files.get('figures.json')!.toString('utf8'),
      selfCheck: pkg.files.get('self-check.json')!.toString('utf8'),
      importedAt: now,
      importedBy: ctx.operator,
    };
    let villageId: number;
    if (existing) {
      villageId = existing.id;
      deleteVillageRows(sqlite, villageId);
      ctx.db.update(reportVillages).set(fields).where(eq(reportVillages.id, villageId)).run();
    } else {
      villageId = ctx.db
        .insert(reportVillages)
        .values({ villageKey: pkg.key, gridId: null, ...fields })
        .returning({ id: reportVillages.id })
        .get().id;
    }
    const parentOfVillage = townshipNode(ctx, v.township);

    const maps = new Map<string, Map<number, number>>();
    const reportId = sqlite.prepare(
      'INSERT INTO report_ids (village_id, entity, source_id, local_id) VALUES (?, ?, ?, ?)',
    );
    let villageGrid = 0;
    for (const spec of PACKAGE_TABLES) {
      const map = insertTable(sqlite, pkg, spec, maps, parentOfVillage);
      maps.set(spec.name, map);
      if (spec.name === 'grids') villageGrid = map.values().next().value!;
      if (spec.entity) {
        for (const [source, local] of map) reportId.run(villageId, spec.entity, source, local);
      }
    }
    ctx.db
      .update(reportVillages)
      .set({ gridId: villageGrid })
      .where(eq(reportVillages.id, villageId))
      .run();
    const message = loadedMessage(pkg, existing !== undefined);
    ctx.db
      .insert(reportImports)
      .values({
        fileName: pkg.fileName,
        villageKey: pkg.key,
        villageName: `${v.township}${v.name}`,
        period: manifest.period,
        packageCreatedAt: manifest.createdAt,
        packageSha256: pkg.sha256,
        outcome: 'loaded',
        message,
        importedBy: ctx.operator,
        createdAt: now,
      })
      .run();
    // No personal data: the village, the period and the counts.
    audit(ctx, {
      entity: 'report_import',
      entityId: villageId,
      action: existing ? 'update' : 'create',
      after: {
        village: `${v.county}${v.township}${v.name}`,
        period: manifest.period,
        dataTime: manifest.createdAt,
        counts: manifest.counts,
      },
    });
    return { villageId, gridId: villageGrid, replaced: existing !== undefined, message };
  });
}

export function loadedMessage(pkg: VerifiedPackage, replaced: boolean): string {
  const v = pkg.manifest.village;
  const c = pkg.manifest.counts;
  return `${v.township}${v.name} ${pkg.manifest.period} 月上报包${replaced ? '已导入（替换了原先导入的数据）' : '已导入'}：农户 ${c.households ?? 0} 户、家庭成员 ${c.members ?? 0} 人、问题 ${c.problems ?? 0} 条、走访记录 ${c.visits ?? 0} 次`;
}

/** Inserts one table's rows with new ids; returns the village's id → the workspace's. */
function insertTable(
  sqlite: Database.Database,
  pkg: VerifiedPackage,
  spec: PackageTable,
  maps: Map<string, Map<number, number>>,
  parentOfVillage: number,
): Map<number, number> {
  const entry = tableEntry(spec.name);
  const columns = columnNames(spec.table);
  const hasId = columns.includes('id');
  const written = hasId ? columns.filter((c) => c !== 'id') : columns;
  const insert = sqlite.prepare(
    `INSERT INTO "${spec.name}" (${written.map((c) => `"${c}"`).join(', ')}) VALUES (${written.map(() => '?').join(', ')})`,
  );
  const isGrids = spec.name === 'grids';
  const setParent = isGrids ? sqlite.prepare('UPDATE grids SET parent_id = ? WHERE id = ?') : null;
  const pendingParents: [number, number][] = [];
  const map = new Map<number, number>();
  const refs = Object.entries(spec.refs);
  const values: unknown[] = new Array<unknown>(written.length);
  forEachLine(
    pkg.files.get(entry)!,
    entry,
    (m) => new PackageRefusal(m),
    undefined,
    (text, line) => {
      const row = JSON.parse(text) as Record<string, unknown>;
      for (let i = 0; i < written.length; i++) {
        const column = written[i]!;
        values[i] = spec.dropped?.includes(column) ? null : (row[column] ?? null);
      }
      for (const [column, target] of refs) {
        const ref = row[column];
        if (ref === null || ref === undefined || (isGrids && column === 'parent_id')) continue;
        values[written.indexOf(column)] = maps.get(target)!.get(ref as number);
      }
      // Parents may come after children: every grid hangs under the township first and gets its
      // real parent once all of them have their new ids (the village's own grid stays there).
      if (isGrids) values[written.indexOf('parent_id')] = parentOfVillage;
      let id: number;
      try {
        id = Number(insert.run(...values).lastInsertRowid);
      } catch (error) {
        throw collision(sqlite, pkg, spec, row, line, error);
      }
      if (hasId) map.set(row.id as number, id);
      if (isGrids && map.size > 1) pendingParents.push([row.parent_id as number, id]);
    },
  );
  for (const [sourceParent, local] of pendingParents) {
    setParent!.run(map.get(sourceParent)!, local);
  }
  return map;
}

/** A row the database refused, said in the clerk's words. */
function collision(
  sqlite: Database.Database,
  pkg: VerifiedPackage,
  spec: PackageTable,
  row: Record<string, unknown>,
  line: number,
  error: unknown,
): unknown {
  if (!isConstraint(error)) return error;
  const village = `${pkg.manifest.village.township}${pkg.manifest.village.name}`;
  if (isUnique(error) && spec.name === 'households' && row.household_no) {
    const other = sqlite
      .prepare('SELECT id FROM households WHERE household_no = ?')
      .get(row.household_no) as { id: number } | undefined;
    if (other) {
      return new PackageRefusal(
        `${village}的${headOf(pkg, row.id as number)}（户编号 ${String(row.household_no)}）已在「${holderOf(sqlite, other.id)}」的上报数据中，同一户不能同时属于两个村，已拒绝导入本包。请核实后让其中一村更正再上报`,
        pkg.manifest,
        pkg.sha256,
      );
    }
  }
  if (isUnique(error) && spec.name === 'members' && row.id_key) {
    const other = sqlite
      .prepare('SELECT household_id FROM members WHERE id_key = ?')
      .get(row.id_key) as { household_id: number } | undefined;
    if (other) {
      const id = maskIdNumber(String(row.id_number ?? ''));
      return new PackageRefusal(
        `${village}的${headOf(pkg, row.household_id as number)}的成员 ${String(row.name)}（身份证号 ${id}）已在「${holderOf(sqlite, other.household_id)}」的上报数据中，同一人不能同时属于两个村，已拒绝导入本包。请核实后让其中一村更正再上报`,
        pkg.manifest,
        pkg.sha256,
      );
    }
  }
  return new PackageRefusal(
    `「${tableEntry(spec.name)}」第 ${line} 行（${spec.label}）无法写入汇总库：与已有数据或本包其他行冲突，上报包已损坏或与本程序版本不符，已拒绝导入`,
    pkg.manifest,
    pkg.sha256,
  );
}
