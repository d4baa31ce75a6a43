import type { ProposalList, ProposalRow } from '../../../api/township-outputs-types';
import type { ServiceContext } from '../../context';
import { rollUp } from './villages';

/**
 * The lists the township sends up or decides on (docs/domain.md §11, §9 「Reporting up」): the
 * 网格员名单 for 报送 in the county's columns, and the 拟纳入 / 拟消除 proposals not yet decided.
 * Both internal: full names and phones, never for public display.
 */

// Every grid under a loaded village, its village (report_villages.id) and its 村民小组 (a
// 组内网格 falls in the group above it; the village's own grid has none).
const VILLAGE_GROUPS_CTE = `WITH RECURSIVE scope(id, branch, group_id, depth) AS (
  SELECT grid_id, id, NULL, 0 FROM report_villages WHERE grid_id IS NOT NULL
  UNION ALL
  SELECT g.id, s.branch, CASE WHEN g.level = 'group' THEN g.id ELSE s.group_id END, s.depth + 1
  FROM grids g JOIN scope s ON g.parent_id = s.id)`;

/** The county's columns, in order (docs/domain.md §11). */
export const WORKER_LIST_COLUMNS = [
  '乡镇',
  '村',
  '组',
  '姓名',
  '性别',
  '出生年份',
  '职务',
  '网格职务',
  '电话',
] as const;

export interface WorkerListRow {
  township: string;
  village: string;
  group: string;
  name: string;
  sex: string;
  birthYear: number | null;
  post: string;
  role: string;
  phone: string;
}

const ROLE_ORDER = `CASE wr.role WHEN '网格长' THEN 0 WHEN '网格员' THEN 1 WHEN '监管员' THEN 2
  WHEN '监测员' THEN 3 ELSE 4 END`;

/** Every current role in the loaded villages: village-level roles first, then group by group. */
export function workerList(ctx: ServiceContext): WorkerListRow[] {
  rollUp(ctx, '网格员名单报送');
  return ctx.sqlite
    .prepare(
      `${VILLAGE_GROUPS_CTE}
       SELECT rv.township_name AS township, rv.village_name AS village,
              COALESCE(grp.name || CASE WHEN g.level = 'cell' THEN g.name ELSE '' END, '') AS "group",
              w.name AS name, w.sex AS sex, w.birth_year AS birthYear, w.post AS post,
              wr.role AS role, w.phone AS phone
       FROM worker_roles wr
       JOIN scope s ON s.id = wr.grid_id
       JOIN grids g ON g.id = wr.grid_id
       LEFT JOIN grids grp ON grp.id = s.group_id
       JOIN workers w ON w.id = wr.worker_id
       JOIN report_villages rv ON rv.id = s.branch
       JOIN grids vg ON vg.id = rv.grid_id
       LEFT JOIN grids tg ON tg.id = vg.parent_id
       WHERE wr.end_date IS NULL
       ORDER BY tg.sort_order, rv.township_name, vg.sort_order, rv.village_name,
                s.group_id IS NOT NULL, grp.sort_order, grp.id, g.sort_order, g.id,
                ${ROLE_ORDER}, w.name, wr.id`,
    )
    .all() as WorkerListRow[];
}

interface ProposalSqlRow {
  problemId: number;
  township: string;
  village: string;
  group: string | null;
  head: string | null;
  people: number;
  proposal: '拟纳入' | '拟消除';
  category: string | null;
  method: string | null;
  proposalRisks: string | null;
  householdRisks: string | null;
  proposalDate: string | null;
  noticeFrom: string | null;
  noticeTo: string | null;
}

/** 「因病、因灾（洪涝）」 from the proposal's JSON risk list (hostile: anything odd is skipped). */
function riskText(json: string | null): string {
  if (!json) return '';
  try {
    const list = JSON.parse(json) as unknown;
    if (!Array.isArray(list)) return '';
    return list
      .slice(0, 20)
      .map((r: unknown) => {
        if (typeof r !== 'object' || r === null) return '';
        const { riskType, disasterSubtype } = r as {
          riskType?: unknown;
          disasterSubtype?: unknown;
        };
        if (typeof riskType !== 'string') return '';
        return typeof disasterSubtype === 'string' && disasterSubtype
          ? `${riskType}（${disasterSubtype}）`
          : riskType;
      })
      .filter(Boolean)
      .join('、');
  } catch {
    return '';
  }
}

/** The proposals of the loaded villages not yet decided, 拟纳入 and 拟消除 apart. */
export function proposalList(ctx: ServiceContext): ProposalList {
  rollUp(ctx, '拟纳入、拟消除名单');
  const rows = ctx.sqlite
    .prepare(
      `${VILLAGE_GROUPS_CTE}
       SELECT p.id AS problemId, rv.township_name AS township, rv.village_name AS village,
              grp.name AS "group",
              (SELECT m.name FROM members m WHERE m.household_id = p.household_id AND m.relation = '本人'
                ORDER BY m.id LIMIT 1) AS head,
              (SELECT count(*) FROM members m WHERE m.household_id = p.household_id) AS people,
              p.proposal AS proposal, p.proposal_category AS category, p.proposal_method AS method,
              p.proposal_risks AS proposalRisks,
              (SELECT group_concat(CASE WHEN r.disaster_subtype IS NOT NULL AND r.disaster_subtype <> ''
                        THEN r.risk_type || '（' || r.disaster_subtype || '）' ELSE r.risk_type END, '、')
                 FROM household_risks r WHERE r.household_id = p.household_id) AS householdRisks,
              p.proposal_date AS proposalDate,
              st.date AS noticeFrom, st.end_date AS noticeTo
       FROM problems p
       JOIN scope s ON s.id = p.grid_id
       LEFT JOIN grids grp ON grp.id = s.group_id
       JOIN report_villages rv ON rv.id = s.branch
       JOIN grids vg ON vg.id = rv.grid_id
       LEFT JOIN grids tg ON tg.id = vg.parent_id
       LEFT JOIN problem_steps st ON st.problem_id = p.id AND st.step = '村内公示'
       WHERE p.proposal IS NOT NULL AND p.decision IS NULL
       ORDER BY tg.sort_order, rv.township_name, vg.sort_order, rv.village_name,
                grp.sort_order, grp.id, p.proposal_date, p.id`,
    )
    .all() as ProposalSqlRow[];
  const toRow = (r: ProposalSqlRow): ProposalRow => ({
    problemId: r.problemId,
    township: r.township,
    village: r.village,
    group: r.group ?? '',
    head: r.head ?? '（未登记户主）',
    people: r.people,
    proposal: r.proposal,
    categoryOrMethod: (r.proposal === '拟纳入' ? r.category : r.method) ?? '',
    riskTypes: r.proposal === '拟纳入' ? riskText(r.proposalRisks) : (r.householdRisks ?? ''),
    proposalDate: r.proposalDate ?? '',
    noticeFrom: r.noticeFrom,
    noticeTo: r.noticeTo,
  });
  return {
    include: rows.filter((r) => r.proposal === '拟纳入').map(toRow),
    eliminate: rows.filter((r) => r.proposal === '拟消除').map(toRow),
  };
}
