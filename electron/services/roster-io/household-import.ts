import type { z } from 'zod';
import { AppError } from '../../api/errors';
import { maskIdNumber } from '../../api/id-number';
import type { ImportSummary } from '../../api/roster-io-types';
import { HEAD_RELATION } from '../../api/roster-enums';
import { householdCreate } from '../../api/roster-schemas';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { sqlQuery } from '../sql';
import { householdUpdaters, householdWriters, type StoredRisk } from '../roster/household-writers';
import { householdColumns, memberColumns } from '../roster/households';
import { today } from '../roster/people';
import { convertCell, parseRisks } from './cells';
import { HOUSEHOLD_COLUMNS, type Column } from './columns';
import { gridNames } from './grid-names';
import type { Problem } from './problems';
import type { Table } from './read';

type HouseholdData = z.output<typeof householdCreate>;

/** One household of the file, validated against the file alone. */
export interface ParsedHousehold {
  headId: string;
  rows: number[];
  headRow: number;
  gridText: string;
  /** Undefined when the file itself has a problem in this household. */
  data?: Omit<HouseholdData, 'gridId'>;
}

export interface HouseholdPlan {
  parsed: ParsedHousehold[];
  problems: Problem[];
}

const columnFor = (field: string): Column | undefined =>
  HOUSEHOLD_COLUMNS.find((c) => c.field === field);
const headerFor = (field: string) => columnFor(field)?.header ?? field;

/** Maps header text to column index; reports missing required columns. */
export function headerIndex(
  table: Table,
  columns: readonly Column[],
  problems: Problem[],
): Map<string, number> {
  const index = new Map<string, number>();
  for (const column of columns) {
    const at = table.header.indexOf(column.header);
    if (at >= 0) index.set(column.field, at);
    else if (column.required) {
      problems.push({
        sheet: table.sheet,
        row: 1,
        column: column.header,
        reason: `缺少「${column.header}」这一列，请使用导入模板`,
      });
    }
  }
  return index;
}

/**
 * Chunks between yields while a file is read and checked: each stays well under the 250 ms
 * stall goal of a township file (issue 15 item 2) on a slow, busy machine.
 */
const YIELD_ROWS = 500;
const YIELD_HOUSEHOLDS = 100;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads the households of a table and validates them with the shared schemas, against the file
 * alone (no database). Yields to the event loop now and then so progress can be reported.
 */
export async function parseHouseholds(
  table: Table,
  onProgress?: (done: number, total: number) => void,
): Promise<HouseholdPlan> {
  const problems: Problem[] = [];
  const at = headerIndex(table, HOUSEHOLD_COLUMNS, problems);
  if (problems.length > 0) return { parsed: [], problems };
  const report = (row: number, field: string, reason: string) =>
    problems.push({ sheet: table.sheet, row, column: headerFor(field), reason });

  // Group member rows by the head's ID number, in the order households first appear.
  const groups = new Map<string, { row: number; values: Record<string, unknown> }[]>();
  let converted = 0;
  for (const { row, cells } of table.rows) {
    // Converting a township's 20,000 rows at once held the event loop ~400 ms (issue 15 item 2).
    if (++converted % YIELD_ROWS === 0) await yieldToEventLoop();
    const values: Record<string, unknown> = {};
    for (const column of HOUSEHOLD_COLUMNS) {
      const index = at.get(column.field);
      if (index === undefined) continue;
      const converted = convertCell(column, cells[index]);
      if (converted.ok) values[column.field] = converted.value;
      else report(row, column.field, converted.reason);
    }
    const headId = values.headIdNumber as string | undefined;
    if (!headId) {
      report(row, 'headIdNumber', '请填写户主身份证号（同一户的每一行都要填）');
      continue;
    }
    const group = groups.get(headId) ?? [];
    group.push({ row, values });
    groups.set(headId, group);
  }

  const parsed: ParsedHousehold[] = [];
  const firstRowOfId = new Map<string, number>();
  let done = 0;
  for (const [headId, rows] of groups) {
    const head = rows.find((r) => r.values.relation === HEAD_RELATION) ?? rows[0]!;
    const hv = head.values;
    const input = {
      householdNo: hv.householdNo,
      address: hv.address,
      naturalVillage: hv.naturalVillage,
      phone: hv.phone,
      householdType: hv.householdType,
      monitorCategory: hv.monitorCategory,
      identifiedDate: hv.identifiedDate,
      noLabourSupport: hv.noLabourSupport,
      developmentalAid: hv.developmentalAid,
      relocated: hv.relocated,
      housingUnsafe: hv.housingUnsafe,
      schoolDropout: hv.schoolDropout,
      waterUnsafe: hv.waterUnsafe,
      noMedicalInsurance: hv.noMedicalInsurance,
      risks: hv.risks ? parseRisks(String(hv.risks)) : [],
      // Checked against the database later; any id passes the schema here.
      gridId: 1,
      members: rows.map(({ values }) =>
        Object.fromEntries(
          HOUSEHOLD_COLUMNS.filter(
            (c) => c.scope === 'member' && values[c.field] !== undefined,
          ).map((c) => [c.field, values[c.field]]),
        ),
      ),
    };
    const before = problems.length;
    const result = householdCreate.safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const [first, index, field] = issue.path;
        if (first === 'members' && typeof index === 'number') {
          report(rows[index]!.row, String(field ?? 'relation'), issue.message);
        } else if (first === 'members') {
          report(head.row, 'relation', issue.message);
        } else {
          report(head.row, String(first ?? 'headIdNumber'), issue.message);
        }
      }
    }
    const headMember = rows.find((r) => r.values.relation === HEAD_RELATION);
    const headMemberId = (headMember?.values.idNumber as string | undefined)?.slice(0, 18);
    if (headMember && headMemberId !== headId.slice(0, 18)) {
      report(
        head.row,
        'headIdNumber',
        `户主身份证号与户主（本人）那一行的身份证号${headMemberId ? '不一致' : '（未填）'}不符`,
      );
    }
    for (const { row, values } of rows) {
      const id = (values.idNumber as string | undefined)?.slice(0, 18);
      if (!id) continue;
      const seen = firstRowOfId.get(id);
      if (seen !== undefined)
        report(
          row,
          'idNumber',
          `身份证号 ${maskIdNumber(id)} 在第 ${seen} 行已经出现，一个人只能登记一次`,
        );
      else firstRowOfId.set(id, row);
    }
    parsed.push({
      headId: headId.slice(0, 18),
      rows: rows.map((r) => r.row),
      headRow: head.row,
      gridText: String(hv.grid ?? ''),
      data:
        problems.length === before && result.success
          ? (({ gridId: _g, ...rest }) => rest)(result.data)
          : undefined,
    });
    if (++done % YIELD_HOUSEHOLDS === 0) {
      onProgress?.(done, groups.size);
      await yieldToEventLoop();
    }
  }
  onProgress?.(groups.size, groups.size);
  return { parsed, problems };
}

export interface DatabaseCheck {
  problems: Problem[];
  /** Household → its grid id and the existing household it updates, if any. */
  targets: Map<ParsedHousehold, { gridId: number; existingId: number | null }>;
}

interface IdOwner {
  idKey: string;
  householdId: number;
  name: string;
  relation: string;
}
/** Who holds each registered ID number (the 18-character key). */
const ID_OWNERS = sqlQuery<IdOwner>(
  'SELECT id_key AS idKey, household_id AS householdId, name, relation FROM members WHERE id_key IS NOT NULL',
);
const HOUSEHOLD_NUMBERS = sqlQuery<{ no: string; id: number }>(
  'SELECT household_no AS no, id FROM households WHERE household_no IS NOT NULL',
);

/** The checks that need the database: grids, IDs registered in other households, 户编号. */
export function checkHouseholdsAgainstDatabase(
  ctx: ServiceContext,
  sheet: string,
  parsed: ParsedHousehold[],
): DatabaseCheck {
  const check: DatabaseCheck = { problems: [], targets: new Map() };
  for (const _ of checking(ctx, sheet, parsed, check));
  return check;
}

/**
 * The same checks with a turn for the event loop between chunks of households, for the
 * preview (issue 15 item 2: a township file's check held the loop in one piece). The commit
 * checks again in one piece inside its transaction, so what changes in between is caught there.
 */
export async function checkHouseholdsInChunks(
  ctx: ServiceContext,
  sheet: string,
  parsed: ParsedHousehold[],
): Promise<DatabaseCheck> {
  const check: DatabaseCheck = { problems: [], targets: new Map() };
  for (const _ of checking(ctx, sheet, parsed, check)) await yieldToEventLoop();
  return check;
}

/** Runs the checks into `check`, pausing (yield) after the lookups and every chunk of households. */
function* checking(
  ctx: ServiceContext,
  sheet: string,
  parsed: ParsedHousehold[],
  check: DatabaseCheck,
): Generator<void, void, void> {
  const { problems, targets } = check;
  const grids = gridNames(ctx);
  const owners = new Map<string, IdOwner>();
  for (const row of ID_OWNERS.iterate(ctx)) owners.set(row.idKey, row);
  const heads = new Map<number, string>();
  for (const owner of owners.values())
    if (owner.relation === HEAD_RELATION) heads.set(owner.householdId, owner.name);
  const numbers = new Map(HOUSEHOLD_NUMBERS.all(ctx).map((r) => [r.no, r.id]));
  yield;

  let done = 0;
  for (const household of parsed) {
    if (++done % YIELD_HOUSEHOLDS === 0) yield;
    const report = (row: number, column: string, reason: string) =>
      problems.push({ sheet, row, column, reason });
    const gridId = grids.resolve(household.gridText);
    const gridHeader = HOUSEHOLD_COLUMNS[0]!.header;
    if (!household.gridText) report(household.headRow, gridHeader, '请填写网格（村民小组）');
    else if (gridId === undefined)
      report(household.headRow, gridHeader, `找不到名为「${household.gridText}」的网格`);
    else if (gridId === 'ambiguous')
      report(
        household.headRow,
        gridHeader,
        `有几个网格都叫「${household.gridText}」，请写成「村/组」，如「杨柳村/一组」`,
      );
    else if (grids.inner.has(gridId))
      report(
        household.headRow,
        gridHeader,
        `「${household.gridText}」下面还有下级网格，请填最下一级网格（村民小组）`,
      );
    const headOwner = owners.get(household.headId);
    const existingId = headOwner?.relation === HEAD_RELATION ? headOwner.householdId : null;
    if (headOwner && existingId === null) {
      report(
        household.headRow,
        '户主身份证号',
        `这个身份证号已登记为「${heads.get(headOwner.householdId) ?? '?'}」户的成员「${headOwner.name}」，不是户主`,
      );
    }
    household.data?.members.forEach((member, i) => {
      const key = member.idNumber?.slice(0, 18);
      const owner = key ? owners.get(key) : undefined;
      if (owner && owner.householdId !== existingId) {
        report(
          household.rows[i]!,
          '身份证号',
          `身份证号 ${maskIdNumber(key!)} 已登记为「${heads.get(owner.householdId) ?? '?'}」户的成员「${owner.name}」`,
        );
      }
    });
    const no = household.data?.householdNo;
    if (no && numbers.has(no) && numbers.get(no) !== existingId)
      report(household.headRow, '户编号', `户编号 ${no} 已被另一户使用`);
    if (typeof gridId === 'number') targets.set(household, { gridId, existingId });
  }
}

const sameRisks = (stored: StoredRisk[], incoming: HouseholdData['risks']): boolean =>
  stored.length === incoming.length &&
  stored.every(
    (r, i) =>
      r.riskType === incoming[i]!.riskType &&
      r.disasterSubtype === (incoming[i]!.disasterSubtype ?? null),
  );

/**
 * Writes the households in one transaction: new ones through the bulk path, existing ones
 * (matched by the head's ID number) updated in place, members matched by ID number or name.
 * Synchronous, on the connection it is given, so it can run on a worker thread's own
 * connection. Every statement is prepared once per import (householdWriters,
 * householdUpdaters); an update rewrites only the rows whose values differ, and each
 * household still gets its audit entry as before (docs/domain.md §7).
 */
export function writeHouseholds(
  ctx: ServiceContext,
  households_: { household: ParsedHousehold; gridId: number; existingId: number | null }[],
  skipped: number,
): ImportSummary {
  return inTransaction(ctx, () => {
    const summary: ImportSummary = { created: 0, updated: 0, skipped, members: 0 };
    const date = today(ctx);
    const write = householdWriters(ctx);
    const update = householdUpdaters(ctx);
    for (const { household, gridId, existingId } of households_) {
      const data = household.data!;
      const fields = { ...data, risks: data.risks };
      let householdId: number;
      const stamp = ctx.now().toISOString();
      let writeRisks = true;
      if (existingId === null) {
        householdId = write.household(householdColumns(fields));
        write.assignment({ householdId, gridId, startDate: date, endDate: null });
        summary.created++;
      } else {
        householdId = existingId;
        const before = update.household(householdId)!;
        update.updateHousehold(householdId, before, householdColumns(fields, before), stamp);
        writeRisks = !sameRisks(update.risks(householdId), data.risks);
        if (writeRisks) update.deleteRisks(householdId);
        const current = update.currentAssignment(householdId);
        if (current?.gridId !== gridId) {
          if (current) update.endAssignment(current.id, date);
          write.assignment({ householdId, gridId, startDate: date, endDate: null });
        }
        summary.updated++;
      }
      if (writeRisks)
        for (const risk of data.risks)
          write.risk({
            householdId,
            riskType: risk.riskType,
            disasterSubtype: risk.disasterSubtype ?? null,
          });
      const existing = existingId === null ? [] : update.members(householdId);
      data.members.forEach((member, sortOrder) => {
        const columns = memberColumns(member);
        const match = existing.find((m) =>
          columns.idKey ? m.idKey === columns.idKey : !m.idKey && m.name === columns.name,
        );
        if (match) update.updateMember(match.id, match, { ...columns, sortOrder }, stamp);
        else write.member({ ...columns, householdId, sortOrder });
        summary.members++;
      });
      audit(ctx, {
        entity: 'household',
        entityId: householdId,
        action: existingId === null ? 'import-create' : 'import-update',
        after: { head: maskIdNumber(household.headId), members: data.members.length, gridId },
      });
    }
    return summary;
  });
}

export function assertNoProblems(problems: Problem[], validOnly: boolean): void {
  if (problems.length > 0 && !validOnly) {
    throw new AppError(
      'VALIDATION',
      `文件中有 ${problems.length} 处问题，没有导入任何数据。请改正后重新导入，或选择「只导入没有问题的户」。`,
    );
  }
}
