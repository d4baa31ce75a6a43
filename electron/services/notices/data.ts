import { ROLES } from '../../api/roster-enums';
import type { ServiceContext } from '../context';
import { gridOrder } from '../grids/grids';
import { gridLabelSql, groupNameSql } from '../grids/group-of';
import { reportScope } from '../reports/scope';
import type { PublicGridRow, PublicHouseholdRow } from './kinds';

/**
 * The rows of each notice, straight from the roster (docs/domain.md §4). Only the fields a notice
 * may print are selected: no ID number, phone, bank account, health field, note or measure
 * content is ever read for a household row, and each row is a typed allow-list (kinds.ts).
 */

/** Where a notice's rows come from: a grid's subtree, or the whole village. */
export interface NoticeScope {
  /** The grid chosen, or the one the data narrows down to (the village); null: several trees. */
  rootId: number | null;
  /** "杨柳村", "杨柳村一组". */
  placeName: string;
  /** The village name for the issuer ("杨柳村"), when the scope lies in one village. */
  villageName: string | null;
}

export function noticeScope(ctx: ServiceContext, gridId: number | undefined): NoticeScope {
  const scope = reportScope(ctx, gridId);
  let villageName: string | null = null;
  if (scope.rootId !== null) {
    // The village at or above the root (a group's village; the village itself).
    const row = ctx.sqlite
      .prepare(
        `WITH RECURSIVE up(id, parent_id, name, level) AS (
           SELECT id, parent_id, name, level FROM grids WHERE id = ?
           UNION ALL SELECT g.id, g.parent_id, g.name, g.level FROM grids g JOIN up ON g.id = up.parent_id)
         SELECT name FROM up WHERE level = 'village'`,
      )
      .get(scope.rootId) as { name: string } | undefined;
    villageName = row?.name ?? null;
  }
  return {
    rootId: scope.rootId,
    placeName: scope.rootId === null ? '' : scope.rootName,
    villageName,
  };
}

/** Grids in the scope, as SQL: `grid_id IN sub` with the @rootId parameter. */
const SUBTREE = `WITH RECURSIVE sub(id) AS (
  SELECT id FROM grids WHERE (@rootId IS NULL AND parent_id IS NULL) OR id = @rootId
  UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)`;

/**
 * Household facts a notice may print; 所在组 is the 村民小组 of the household's current grid
 * (the group above a 组内网格, docs/domain.md §1).
 */
const HOUSEHOLD_COLUMNS = `h.id AS id, hg.grid_id AS gridId, ${groupNameSql('g')} AS gridName,
  (SELECT m.name FROM members m WHERE m.household_id = h.id AND m.relation = '本人'
     ORDER BY m.sort_order, m.id LIMIT 1) AS head,
  (SELECT count(*) FROM members m WHERE m.household_id = h.id) AS size`;
const HOUSEHOLD_FROM = `FROM households h
  JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
  JOIN grids g ON g.id = hg.grid_id`;

interface HouseholdFacts {
  id: number;
  gridId: number;
  gridName: string;
  head: string | null;
  size: number;
}

const headName = (head: string | null) => head ?? '（未登记户主）';

/** Sorts by the grid's place in the tree, then a date, then the id. */
function byGridThen<T extends { gridId: number; id: number }>(
  ctx: ServiceContext,
  rows: T[],
  date: (row: T) => string,
): T[] {
  const order = gridOrder(ctx);
  return rows.sort(
    (a, b) =>
      (order.get(a.gridId) ?? 0) - (order.get(b.gridId) ?? 0) ||
      date(a).localeCompare(date(b)) ||
      a.id - b.id,
  );
}

export interface Range {
  rootId: number | null;
  from: string;
  to: string;
}

/**
 * The households a 识别认定 / 风险消除 公示 announces (docs/domain.md §3–4): those a problem
 * proposed (拟纳入 / 拟消除) in the range and not yet decided on the notice's first day (`at`),
 * one row per household with its latest proposal. Records from before proposals existed (a
 * household identified or eliminated in the range, none of whose problems carries that kind of
 * proposal) are listed as they always were, so old data keeps its notices.
 */
function proposedRows(
  ctx: ServiceContext,
  range: Range,
  at: string,
  proposal: '拟纳入' | '拟消除',
) {
  const legacy =
    proposal === '拟纳入'
      ? `h.monitor_category IS NOT NULL AND h.identified_date BETWEEN @from AND @to`
      : `h.elimination_status = '已消除' AND h.elimination_date BETWEEN @from AND @to`;
  const legacyValue = proposal === '拟纳入' ? 'h.monitor_category' : 'h.elimination_method';
  const legacyDate = proposal === '拟纳入' ? 'h.identified_date' : 'h.elimination_date';
  return ctx.sqlite
    .prepare(
      `${SUBTREE}
       SELECT ${HOUSEHOLD_COLUMNS}, p.proposal_category AS category, p.proposal_method AS method,
              p.proposal_date AS date, p.decision AS decision, 1 AS proposed
       ${HOUSEHOLD_FROM}
       JOIN problems p ON p.household_id = h.id
       WHERE hg.grid_id IN sub AND p.proposal = @proposal
         AND p.proposal_date BETWEEN @from AND @to AND p.proposal_date <= @at
         AND (p.decision IS NULL OR p.decision_date > @at)
         AND NOT EXISTS (SELECT 1 FROM problems q WHERE q.household_id = h.id
               AND q.proposal = @proposal AND q.proposal_date BETWEEN @from AND @to
               AND q.proposal_date <= @at AND (q.decision IS NULL OR q.decision_date > @at)
               AND (q.proposal_date > p.proposal_date
                    OR (q.proposal_date = p.proposal_date AND q.id > p.id)))
       UNION ALL
       SELECT ${HOUSEHOLD_COLUMNS}, ${legacyValue} AS category, ${legacyValue} AS method,
              ${legacyDate} AS date, NULL AS decision, 0 AS proposed
       ${HOUSEHOLD_FROM}
       WHERE hg.grid_id IN sub AND ${legacy}
         AND NOT EXISTS (SELECT 1 FROM problems q WHERE q.household_id = h.id
               AND q.proposal = @proposal)`,
    )
    .all({
      rootId: range.rootId,
      from: range.from,
      to: range.to,
      at,
      proposal,
    }) as (HouseholdFacts & {
    category: string | null;
    method: string | null;
    date: string;
    /** The decision on the proposal as of now (null: undecided, or an old record without one). */
    decision: string | null;
    /** Whether the row comes from a proposal (false: an old record, decided when recorded). */
    proposed: number;
  })[];
}

/**
 * What the 结果公告 of a 识别认定 / 风险消除 公示 announces for each household that notice listed
 * (docs/domain.md §3–4): the same households (the same rule on the same range and first day),
 * each with the decision recorded since — 认定 / 消除, 不予认定 / 不予消除, or none yet. Keyed by
 * 户主姓名 and 所在组, the cells the stored notice kept; a key shared by two households is left
 * out (the result then cannot be told, and the row prints as undecided).
 */
export function proposalOutcomes(
  ctx: ServiceContext,
  range: Range,
  at: string,
  proposal: '拟纳入' | '拟消除',
): Map<string, { decision: string | null; proposed: boolean }> {
  const outcomes = new Map<string, { decision: string | null; proposed: boolean } | null>();
  for (const r of proposedRows(ctx, range, at, proposal)) {
    const key = `${headName(r.head)}\u0000${r.gridName}`;
    outcomes.set(
      key,
      outcomes.has(key) ? null : { decision: r.decision, proposed: r.proposed === 1 },
    );
  }
  return new Map(
    [...outcomes].filter(
      (entry): entry is [string, { decision: string | null; proposed: boolean }] =>
        entry[1] !== null,
    ),
  );
}

/**
 * 监测对象识别认定公示: households with a 拟纳入 proposed in the range and pending on `at` (the
 * notice's first day); old records without proposals: households identified in the range.
 */
export function identifiedRows(
  ctx: ServiceContext,
  range: Range,
  at: string,
): PublicHouseholdRow[] {
  const rows = proposedRows(ctx, range, at, '拟纳入');
  return byGridThen(ctx, rows, (r) => r.date).map((r) => ({
    key: `h${r.id}`,
    户主姓名: headName(r.head),
    所在组: r.gridName,
    家庭人口: String(r.size),
    监测类别: r.category ?? '',
  }));
}

/**
 * 风险消除公示: households with a 拟消除 proposed in the range and pending on `at`; old records
 * without proposals: households marked 已消除 in the range.
 */
export function eliminatedRows(
  ctx: ServiceContext,
  range: Range,
  at: string,
): PublicHouseholdRow[] {
  const rows = proposedRows(ctx, range, at, '拟消除');
  return byGridThen(ctx, rows, (r) => r.date).map((r) => ({
    key: `h${r.id}`,
    户主姓名: headName(r.head),
    所在组: r.gridName,
    家庭人口: String(r.size),
    消除方式: r.method ?? '',
  }));
}

/** A measure as a 帮扶措施公示 may know it: never its content (docs/domain.md §4). */
export interface PublicMeasure {
  key: string;
  head: string;
  gridName: string;
  category: string;
  status: string;
}

/**
 * 帮扶措施公示: measures of monitoring objects planned or done in the range (a measure with
 * neither date counts from the day it was entered). The measure's content is not selected.
 */
export function measureRows(ctx: ServiceContext, range: Range): PublicMeasure[] {
  const rows = ctx.sqlite
    .prepare(
      `${SUBTREE}
       SELECT ms.id AS id, hg.grid_id AS gridId, ${groupNameSql('g')} AS gridName,
         (SELECT m.name FROM members m WHERE m.household_id = h.id AND m.relation = '本人'
            ORDER BY m.sort_order, m.id LIMIT 1) AS head,
         ms.category, ms.status,
         COALESCE(ms.planned_date, ms.done_date, substr(ms.created_at, 1, 10)) AS date,
         h.id AS householdId
       FROM measures ms JOIN households h ON h.id = ms.household_id
         JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
         JOIN grids g ON g.id = hg.grid_id
       WHERE hg.grid_id IN sub AND h.monitor_category IS NOT NULL
         AND (ms.planned_date BETWEEN @from AND @to OR ms.done_date BETWEEN @from AND @to
           OR (ms.planned_date IS NULL AND ms.done_date IS NULL
               AND substr(ms.created_at, 1, 10) BETWEEN @from AND @to))`,
    )
    .all(range) as {
    id: number;
    gridId: number;
    gridName: string;
    head: string | null;
    category: string;
    status: string;
    date: string;
    householdId: number;
  }[];
  // One household's measures together, in date order.
  const order = gridOrder(ctx);
  rows.sort(
    (a, b) =>
      (order.get(a.gridId) ?? 0) - (order.get(b.gridId) ?? 0) ||
      a.householdId - b.householdId ||
      a.date.localeCompare(b.date) ||
      a.id - b.id,
  );
  return rows.map((r) => ({
    key: `m${r.id}`,
    head: headName(r.head),
    gridName: r.gridName,
    category: r.category,
    status: r.status,
  }));
}

export interface GridDivision {
  rows: PublicGridRow[];
  /** The phones of the workers listed: the only numbers the notice may print. */
  workerPhones: Set<string>;
  grids: number;
}

/**
 * 网格划分及网格员公示: every grid in use in the scope (tree order) with its household count
 * (its own and those below it) and the workers holding a role there today, 网格长 first. The
 * workers' phones are public (docs/domain.md §4); a grid without a worker is listed as 待配备.
 * A 组内网格 is named with its 村民小组 (「一组·东片」), so each row shows its 所在组 (§1).
 */
export function gridDivisionRows(
  ctx: ServiceContext,
  rootId: number | null,
  today: string,
): GridDivision {
  const grids = ctx.sqlite
    .prepare(
      `${SUBTREE}
       SELECT g.id, g.parent_id AS parentId, ${gridLabelSql('g')} AS name, g.archived_at IS NOT NULL AS archived,
         (SELECT count(*) FROM household_grids hg WHERE hg.grid_id = g.id AND hg.end_date IS NULL) AS own
       FROM grids g WHERE g.id IN sub`,
    )
    .all({ rootId }) as {
    id: number;
    parentId: number | null;
    name: string;
    archived: number;
    own: number;
  }[];
  const total = new Map(grids.map((g) => [g.id, g.own]));
  const byId = new Map(grids.map((g) => [g.id, g]));
  // Add each grid's own count to every ancestor within the scope.
  for (const g of grids) {
    let parent = g.parentId === null ? undefined : byId.get(g.parentId);
    while (parent) {
      total.set(parent.id, total.get(parent.id)! + g.own);
      parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
    }
  }
  const roles = ctx.sqlite
    .prepare(
      `${SUBTREE}
       SELECT r.id AS roleId, r.grid_id AS gridId, r.role, r.duties, w.id AS workerId, w.name, w.unit, w.post, w.phone
       FROM worker_roles r JOIN workers w ON w.id = r.worker_id
       WHERE r.grid_id IN sub AND r.start_date <= @today
         AND (r.end_date IS NULL OR r.end_date >= @today)`,
    )
    .all({ rootId, today }) as {
    gridId: number;
    role: string;
    duties: string;
    workerId: number;
    name: string;
    unit: string;
    post: string;
    phone: string;
    roleId: number;
  }[];
  const roleRank = (role: string) => {
    const i = (ROLES as readonly string[]).indexOf(role);
    return i < 0 ? ROLES.length : i;
  };
  const byGrid = new Map<number, typeof roles>();
  for (const r of roles) {
    const list = byGrid.get(r.gridId);
    if (list) list.push(r);
    else byGrid.set(r.gridId, [r]);
  }

  const order = gridOrder(ctx);
  const rows: PublicGridRow[] = [];
  const workerPhones = new Set<string>();
  const inUse = grids
    .filter((g) => !g.archived)
    .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  for (const g of inUse) {
    const count = String(total.get(g.id) ?? 0);
    const workers = (byGrid.get(g.id) ?? []).sort(
      (a, b) =>
        roleRank(a.role) - roleRank(b.role) ||
        a.name.localeCompare(b.name, 'zh-CN') ||
        a.workerId - b.workerId,
    );
    if (workers.length === 0) {
      rows.push({
        key: `g${g.id}`,
        网格: g.name,
        包保户数: count,
        职务: '',
        姓名: '（待配备）',
        工作单位及职务: '',
        联系电话: '',
        工作职责: '',
      });
      continue;
    }
    for (const w of workers) {
      if (w.phone) workerPhones.add(w.phone);
      rows.push({
        key: `w${w.roleId}`,
        网格: g.name,
        包保户数: count,
        职务: w.role,
        姓名: w.name,
        工作单位及职务: [w.unit, w.post].filter(Boolean).join(' '),
        联系电话: w.phone,
        工作职责: w.duties,
      });
    }
  }
  return { rows, workerPhones, grids: inUse.length };
}
