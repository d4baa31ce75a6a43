import { AppError } from '../../api/errors';
import { maskIdNumber, maskSensitiveText } from '../../api/id-number';
import type { ProblemCategory } from '../../api/ledger-enums';
import type {
  WarningImportResult,
  WarningMapping,
  WarningOutcome,
  WarningPreview,
} from '../../api/warnings-types';
import { warningBatches, warningRows } from '../../../db/schema';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { asBuffer } from '../files/bytes';
import { addWorkingDays } from '../ledger/calendar';
import { createProblem } from '../ledger/problems';
import { today } from '../roster/people';
import { getWorkerRow } from '../roster/workers';
import { assertVillageDatabase } from '../reporting/workspace';
import { getSettings } from '../settings/settings';
import {
  assertMappingFits,
  parseWarningRows,
  previewOf,
  readWarningFile,
  type WarningInputRow,
} from './read';

/**
 * 部门筛查预警 (docs/domain.md §11): a department's 预警名单 matched against the roster; each
 * warned household gets one problem with source 部门筛查预警 whose 核查 is due 3 working days
 * after the warning's date. Everything in one transaction: the batch, every row with its outcome
 * and the problems; an error leaves the database as it was.
 */

export const SOURCE = '部门筛查预警';
/** 核查 within 3 working days of the warning (docs/domain.md §11). */
export const CHECK_WORKING_DAYS = 3;

export async function previewWarnings(
  ctx: ServiceContext,
  input: { fileName: string; data: Uint8Array },
): Promise<WarningPreview> {
  assertVillageDatabase(ctx, '导入部门预警名单');
  const table = await readWarningFile(input.fileName, asBuffer(input.data));
  return previewOf(table, table.mapping, today(ctx));
}

/** The ledger's 类别 for a department's warning type; the department's own words stay in the description. */
export function categoryOf(warningType: string): ProblemCategory {
  const rules: [RegExp, ProblemCategory][] = [
    [/病|医|住院|医保|健康/, '医疗'],
    [/收入|减收|务工收入/, '收入骤减'],
    [/支出|刚性/, '支出骤增'],
    [/学|教育/, '教育'],
    [/房|危房/, '住房'],
    [/饮水|水/, '饮水'],
    [/就业|失业|务工/, '就业'],
  ];
  return rules.find(([pattern]) => pattern.test(warningType))?.[1] ?? '其他';
}

/** 「部门筛查预警：因病（县医保局，2026-04-30）」: never a number from the file (§7). */
export function descriptionOf(type: string, department: string, date: string): string {
  const inside = [department, date].filter(Boolean).join('，');
  return maskSensitiveText(`${SOURCE}：${type || '未注明类型'}${inside ? `（${inside}）` : ''}`);
}

const typePrefix = (type: string) => maskSensitiveText(`${SOURCE}：${type || '未注明类型'}`);

interface MemberHit {
  memberId: number;
  memberName: string;
  householdId: number;
  gridId: number | null;
}

/** The village (level 'village') above each grid: for matching by name and village. */
function villageNames(ctx: ServiceContext): Map<number, string> {
  const rows = ctx.sqlite
    .prepare(
      `WITH RECURSIVE up(grid_id, id, parent_id, level, name, depth) AS (
         SELECT id, id, parent_id, level, name, 0 FROM grids
         UNION ALL SELECT up.grid_id, g.id, g.parent_id, g.level, g.name, up.depth + 1
         FROM grids g JOIN up ON g.id = up.parent_id WHERE up.depth < 64)
       SELECT grid_id AS gridId, name FROM up WHERE level = 'village'`,
    )
    .all() as { gridId: number; name: string }[];
  return new Map(rows.map((r) => [r.gridId, r.name]));
}

const sameVillage = (a: string, b: string) => {
  const clean = (s: string) => s.replace(/\s/g, '').replace(/(村委会|村民委员会|社区|村)$/, '');
  return (
    a.replace(/\s/g, '') === b.replace(/\s/g, '') || (clean(a) !== '' && clean(a) === clean(b))
  );
};

/** The 网格员 (else 网格长) in role nearest above the household's grid, up to its village. */
function gridWorker(ctx: ServiceContext, gridId: number): number | null {
  const row = ctx.sqlite
    .prepare(
      `WITH RECURSIVE chain(id, level, depth) AS (
         SELECT id, level, 0 FROM grids WHERE id = @gridId
         UNION ALL SELECT g.parent_id, p.level, chain.depth + 1
         FROM grids g JOIN chain ON g.id = chain.id JOIN grids p ON p.id = g.parent_id
         WHERE chain.level <> 'village' AND chain.depth < 64)
       SELECT r.worker_id AS workerId FROM chain
       JOIN worker_roles r ON r.grid_id = chain.id AND r.end_date IS NULL
       WHERE r.role IN ('网格员', '网格长') AND r.start_date <= @today
       ORDER BY chain.depth, CASE r.role WHEN '网格员' THEN 0 ELSE 1 END, r.start_date, r.id
       LIMIT 1`,
    )
    .get({ gridId, today: today(ctx) }) as { workerId: number } | undefined;
  return row?.workerId ?? null;
}

function gridLabel(ctx: ServiceContext, gridId: number): string {
  const rows = ctx.sqlite
    .prepare(
      `WITH RECURSIVE up(id, parent_id, level, name, depth) AS (
         SELECT id, parent_id, level, name, 0 FROM grids WHERE id = ?
         UNION ALL SELECT g.id, g.parent_id, g.level, g.name, up.depth + 1
         FROM grids g JOIN up ON g.id = up.parent_id WHERE up.depth < 64)
       SELECT name FROM up WHERE level NOT IN ('county', 'township') ORDER BY depth DESC`,
    )
    .all(gridId) as { name: string }[];
  return rows.map((r) => r.name).join('/');
}

interface Planned {
  input: WarningInputRow;
  outcome: WarningOutcome;
  reason: string;
  householdId: number | null;
  problemId: number | null;
  checkDue: string | null;
}

export interface WarningImportInput {
  fileName: string;
  data: Uint8Array;
  mapping: WarningMapping;
  department?: string | undefined;
  defaultWorkerId?: number | undefined;
}

/** The list read and normalised, before anything is written. */
export interface PreparedWarnings {
  rows: WarningInputRow[];
  today: string;
}

/** Reads the list again from its bytes (the preview wrote nothing) and normalises its rows. */
export async function prepareWarnings(
  ctx: ServiceContext,
  input: WarningImportInput,
): Promise<PreparedWarnings> {
  assertVillageDatabase(ctx, '导入部门预警名单');
  const table = await readWarningFile(input.fileName, asBuffer(input.data));
  assertMappingFits(table, input.mapping);
  const now = today(ctx);
  return { rows: parseWarningRows(table, input.mapping, now), today: now };
}

/**
 * Reads the list, matches every row and writes batch, rows and problems in one transaction.
 * A long list runs as a job in a worker thread (handlers.ts, jobs/tasks.ts 'warning-import'):
 * each matched row registers a problem through the ledger's service, a few milliseconds each.
 */
export async function importWarnings(
  ctx: ServiceContext,
  input: WarningImportInput,
): Promise<WarningImportResult> {
  return writeWarnings(ctx, await prepareWarnings(ctx, input), input);
}

export function writeWarnings(
  ctx: ServiceContext,
  prepared: PreparedWarnings,
  input: WarningImportInput,
): WarningImportResult {
  const { rows, today: now } = prepared;
  const fallbackDepartment = input.department?.trim() ?? '';
  return inTransaction(ctx, () => {
    assertVillageDatabase(ctx, '导入部门预警名单');
    if (input.defaultWorkerId !== undefined) getWorkerRow(ctx, input.defaultWorkerId);
    const settings = getSettings(ctx);
    const villages = villageNames(ctx);
    const byId = ctx.sqlite.prepare(
      `SELECT m.id AS memberId, m.name AS memberName, m.household_id AS householdId, hg.grid_id AS gridId
       FROM members m LEFT JOIN household_grids hg
         ON hg.household_id = m.household_id AND hg.end_date IS NULL
       WHERE m.id_key = ?`,
    );
    const byName = ctx.sqlite.prepare(
      `SELECT m.id AS memberId, m.name AS memberName, m.household_id AS householdId, hg.grid_id AS gridId
       FROM members m JOIN household_grids hg
         ON hg.household_id = m.household_id AND hg.end_date IS NULL
       WHERE m.name = ?`,
    );
    const openProblems = ctx.sqlite.prepare(
      `SELECT id, description FROM problems
       WHERE household_id = ? AND source = '${SOURCE}' AND resolved_date IS NULL ORDER BY id`,
    );
    const seenPerson = new Map<string, number>();
    const seenMember = new Map<number, number>();
    const missingWorker = new Map<number, string>();
    let registered = 0;
    let linked = 0;
    const planned: Planned[] = rows.map((row): Planned => {
      const department = row.department || fallbackDepartment;
      const base = {
        input: { ...row, department },
        householdId: null,
        problemId: null,
        checkDue: null,
      };
      if (row.blocking) {
        return {
          ...base,
          outcome: 'unmatched',
          reason: row.problems.map((p) => `「${p.column}」${p.reason}`).join('；'),
        };
      }
      const personKey = row.idKey ? `id:${row.idKey}` : `name:${row.name}|${row.village}`;
      const repeats = seenPerson.get(personKey);
      if (repeats !== undefined) {
        return { ...base, outcome: 'duplicate', reason: `与第 ${repeats} 行是同一人，不重复登记` };
      }
      seenPerson.set(personKey, row.row);
      let hit: MemberHit | undefined;
      if (row.idKey) {
        hit = byId.get(row.idKey) as MemberHit | undefined;
        if (!hit) return { ...base, outcome: 'unmatched', reason: '本村花名册中没有这个身份证号' };
      } else {
        if (!row.village) {
          return {
            ...base,
            outcome: 'unmatched',
            reason: '没有身份证号，也没有填村，无法确定是哪一户',
          };
        }
        const found = (byName.all(row.name) as MemberHit[]).filter(
          (m) => m.gridId !== null && sameVillage(villages.get(m.gridId) ?? '', row.village),
        );
        if (found.length === 0) {
          return {
            ...base,
            outcome: 'unmatched',
            reason: `「${row.village}」没有叫「${row.name}」的成员`,
          };
        }
        if (found.length > 1) {
          return {
            ...base,
            outcome: 'unmatched',
            reason: `同名 ${found.length} 人，请核对身份证号`,
          };
        }
        hit = found[0]!;
      }
      const sameMember = seenMember.get(hit.memberId);
      if (sameMember !== undefined) {
        return {
          ...base,
          outcome: 'duplicate',
          reason: `与第 ${sameMember} 行是同一人，不重复登记`,
        };
      }
      seenMember.set(hit.memberId, row.row);
      if (hit.gridId === null) {
        return {
          ...base,
          outcome: 'unmatched',
          reason: '该户目前不在任何网格中，请先为该户安排网格',
        };
      }
      const notes: string[] = [];
      if (row.idKey && row.name && row.name !== hit.memberName) {
        notes.push(`名单姓名「${row.name}」与花名册「${hit.memberName}」不同，按身份证号匹配`);
      }
      const checkDue = addWorkingDays(row.warningDate ?? now, CHECK_WORKING_DAYS, settings);
      const matched = {
        ...base,
        outcome: 'matched' as const,
        householdId: hit.householdId,
        checkDue,
      };
      const prefix = `${typePrefix(row.warningType)}（`;
      const open = (
        openProblems.all(hit.householdId) as { id: number; description: string }[]
      ).find(
        (p) => p.description.startsWith(prefix) || p.description === typePrefix(row.warningType),
      );
      if (open) {
        linked++;
        notes.push(`该户已有未办结的同类预警问题（编号 ${open.id}），已关联，未重复登记`);
        return { ...matched, problemId: open.id, reason: notes.join('；') };
      }
      const workerId = gridWorker(ctx, hit.gridId) ?? input.defaultWorkerId ?? null;
      if (workerId === null) {
        missingWorker.set(hit.gridId, gridLabel(ctx, hit.gridId));
        return { ...matched, reason: notes.join('；') };
      }
      const problem = createProblem(ctx, {
        workerId,
        householdId: hit.householdId,
        personName: '',
        place: '',
        category: categoryOf(row.warningType),
        source: SOURCE,
        description: descriptionOf(
          row.warningType,
          department,
          row.warningDate ?? row.warningDateText,
        ),
        registeredDate: now,
        note: '',
      });
      registered++;
      return { ...matched, problemId: problem.id, reason: notes.join('；') };
    });
    if (missingWorker.size > 0) {
      throw new AppError(
        'CONFLICT',
        `以下网格没有在岗的网格员或网格长，预警问题无人登记：${[...missingWorker.values()].join('、')}。请先在网格花名册中安排网格员，或在导入时选择「默认登记人」。没有导入任何数据。`,
      );
    }
    const count = (outcome: WarningOutcome) => planned.filter((p) => p.outcome === outcome).length;
    const departments = [...new Set(planned.map((p) => p.input.department).filter(Boolean))];
    const batch = ctx.db
      .insert(warningBatches)
      .values({
        fileName: input.fileName,
        department: fallbackDepartment || departments.slice(0, 3).join('、').slice(0, 100),
        importedBy: ctx.operator,
        rowCount: planned.length,
        matched: count('matched'),
        unmatched: count('unmatched'),
        duplicates: count('duplicate'),
      })
      .returning()
      .get();
    for (const p of planned) {
      ctx.db
        .insert(warningRows)
        .values({
          batchId: batch.id,
          rowNumber: p.input.row,
          name: p.input.name,
          idNumber: p.input.idNumber,
          village: p.input.village,
          warningType: p.input.warningType,
          warningDate: p.input.warningDate ?? p.input.warningDateText,
          department: p.input.department,
          outcome: p.outcome,
          reason: p.reason,
          householdId: p.householdId,
          problemId: p.problemId,
          checkDue: p.checkDue,
        })
        .run();
    }
    // Counts only: the rows' names and numbers stay in warning_rows (docs/domain.md §7).
    audit(ctx, {
      entity: 'warning_batch',
      entityId: batch.id,
      action: 'import',
      after: {
        fileName: maskSensitiveText(input.fileName),
        department: batch.department,
        rowCount: batch.rowCount,
        matched: batch.matched,
        unmatched: batch.unmatched,
        duplicates: batch.duplicates,
        linked,
        registered,
      },
    });
    return {
      batchId: batch.id,
      rowCount: batch.rowCount,
      matched: batch.matched,
      unmatched: batch.unmatched,
      duplicates: batch.duplicates,
      linked,
      registered,
      unmatchedRows: planned
        .filter((p) => p.outcome === 'unmatched')
        .map((p) => ({
          row: p.input.row,
          name: p.input.name,
          idNumber: maskIdNumber(p.input.idNumber),
          village: p.input.village,
          reason: p.reason,
        })),
    };
  });
}
