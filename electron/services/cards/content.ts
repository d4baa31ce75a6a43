import { AppError } from '../../api/errors';
import type { CardContent, CardLevel, CardLevelKind, CardWorker } from '../../api/cards-types';
import { ROLES, type Role } from '../../api/roster-enums';
import type { GridLevel } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { gridOrder } from '../grids/grids';
import { gridLabelSql, groupOf } from '../grids/group-of';
import { today } from '../roster/people';
import { getSettings } from '../settings/settings';

/**
 * What a household's 明白纸 says (docs/domain.md §5), as a plain object: built here once, drawn by
 * layout.ts and hashed by hash.ts, so the PDF and the "reprint changed" hash can never
 * disagree about what is on the card.
 *
 * Which workers appear, per level (乡镇 / 村 / 组 above the household):
 * - only current assignments (end_date IS NULL, as everywhere in the roster); ended ones never;
 * - the 网格长 first, then 网格员, 监管员, 监测员, 信息员; within a role the longest-serving first;
 * - on the household's own grid every worker (up to MAX_OWN_WORKERS); on the grids above it
 *   one worker per role: a township grid has about 22 workers (docs/domain.md §8: 220 for 10
 *   township grids) and a door card cannot list them all, while one contact per role is what
 *   the household needs from that level;
 * - a person holding two roles in one grid is listed once, under the higher role.
 * No member's ID number, health status or the household's own phone is ever read here.
 */

/** The 12317 hotline: 全国防止返贫监测和乡村振兴咨询服务热线 (self-report channel, docs/domain.md §3). */
export const HOTLINE = '12317';

/** The most workers listed for the household's own grid (5 roles exist; rarely more people). */
export const MAX_OWN_WORKERS = 5;

const LEVEL_LABELS: Record<CardLevelKind, string> = {
  township: '乡镇',
  village: '村',
  group: '组',
  cell: '网格',
};
const isCardLevel = (level: GridLevel): level is CardLevelKind => level !== 'county';
const ROLE_RANK = new Map<Role, number>(ROLES.map((role, i) => [role, i]));

interface GridInfo {
  id: number;
  parentId: number | null;
  level: GridLevel;
  name: string;
}

interface RoleInfo {
  roleId: number;
  gridId: number;
  workerId: number;
  role: Role;
  duties: string;
  startDate: string;
  name: string;
  phone: string;
}

interface HouseholdInfo {
  id: number;
  address: string;
  naturalVillage: string;
  gridId: number | null;
  head: string | null;
}

/** The levels of one grid: computed once per grid and shared by all its households. */
interface GridChain {
  township: string;
  village: string;
  group: string;
  levels: CardLevel[];
  reportWorker: CardContent['report']['worker'];
}

/**
 * Everything the cards of many households share, read once: the grid tree and every current
 * role with its worker. A batch of 10,000 cards makes three queries in all.
 */
export class CardSource {
  private readonly grids = new Map<number, GridInfo>();
  private readonly roles = new Map<number, RoleInfo[]>();
  private readonly chains = new Map<number, GridChain>();
  private readonly supervisionPhone: string;
  private readonly villageName: string;
  readonly issueDate: string;

  constructor(private readonly ctx: ServiceContext) {
    const grids = ctx.sqlite
      .prepare('SELECT id, parent_id AS parentId, level, name FROM grids')
      .all() as GridInfo[];
    for (const grid of grids) this.grids.set(grid.id, grid);
    const roles = ctx.sqlite
      .prepare(
        `SELECT wr.id AS roleId, wr.grid_id AS gridId, wr.worker_id AS workerId, wr.role,
                wr.duties, wr.start_date AS startDate, w.name, w.phone
         FROM worker_roles wr JOIN workers w ON w.id = wr.worker_id
         WHERE wr.end_date IS NULL`,
      )
      .all() as RoleInfo[];
    for (const role of roles) {
      const list = this.roles.get(role.gridId);
      if (list) list.push(role);
      else this.roles.set(role.gridId, [role]);
    }
    const settings = getSettings(ctx);
    this.supervisionPhone = settings.supervisionPhone;
    this.villageName = settings.villageName;
    this.issueDate = today(ctx);
  }

  /** The cards of these households, in the order given; an unknown id is NOT_FOUND. */
  contents(householdIds: readonly number[]): CardContent[] {
    if (householdIds.length === 0) return [];
    const ids = JSON.stringify(householdIds);
    const rows = this.ctx.sqlite
      .prepare(
        `SELECT h.id, h.address, h.natural_village AS naturalVillage, hg.grid_id AS gridId,
                (SELECT m.name FROM members m WHERE m.household_id = h.id AND m.relation = '本人'
                 ORDER BY m.sort_order, m.id LIMIT 1) AS head
         FROM households h
         LEFT JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
         WHERE h.id IN (SELECT value FROM json_each(?))`,
      )
      .all(ids) as HouseholdInfo[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    const contacts = new Map<number, CardContent['contact']>();
    const contactRows = this.ctx.sqlite
      .prepare(
        `SELECT household_id AS householdId, name, unit, phone FROM assistance_contacts
         WHERE end_date IS NULL AND household_id IN (SELECT value FROM json_each(?))
         ORDER BY start_date DESC, id DESC`,
      )
      .all(ids) as { householdId: number; name: string; unit: string; phone: string }[];
    for (const c of contactRows) {
      // The most recent open assignment, should two ever be open at once.
      if (!contacts.has(c.householdId)) {
        contacts.set(c.householdId, { name: c.name, unit: c.unit, phone: c.phone });
      }
    }
    return householdIds.map((id) => {
      const household = byId.get(id);
      if (!household) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的农户，可能已被删除`);
      return this.build(household, contacts.get(id) ?? null);
    });
  }

  private build(household: HouseholdInfo, contact: CardContent['contact']): CardContent {
    const chain =
      household.gridId === null
        ? { township: '', village: '', group: '', levels: [], reportWorker: null }
        : this.chain(household.gridId);
    const village = chain.village || this.villageName;
    return {
      householdId: household.id,
      head: household.head ?? '',
      address: household.address,
      naturalVillage: household.naturalVillage,
      township: chain.township,
      village: chain.village,
      group: chain.group,
      levels: chain.levels,
      contact,
      report: {
        worker: chain.reportWorker,
        hotline: HOTLINE,
        committee: village ? `${village}村民委员会` : '村民委员会',
      },
      supervisionPhone: this.supervisionPhone,
      issueDate: this.issueDate,
    };
  }

  private chain(gridId: number): GridChain {
    const cached = this.chains.get(gridId);
    if (cached) return cached;
    const names: Partial<Record<CardLevelKind, string>> = {};
    const levels: CardLevel[] = [];
    let own = true;
    // Walk up from the household's grid; `seen` guards against a cycle in a hand-edited file.
    const seen = new Set<number>();
    for (let g = this.grids.get(gridId); g && !seen.has(g.id);) {
      seen.add(g.id);
      if (isCardLevel(g.level)) {
        names[g.level] ??= g.name;
        levels.unshift({
          level: g.level,
          label: LEVEL_LABELS[g.level],
          grid: g.name,
          workers: pickWorkers(this.roles.get(g.id) ?? [], own),
        });
      }
      own = false;
      g = g.parentId === null ? undefined : this.grids.get(g.parentId);
    }
    // Report first to the nearest worker: the household's own grid's 网格长 where there is one.
    const nearestLevel = levels.findLast((level) => level.workers.length > 0);
    const nearest = nearestLevel?.workers[0];
    const chain: GridChain = {
      township: names.township ?? '',
      village: names.village ?? '',
      // 所在组 (docs/domain.md §1): the household's group, also when it lives in a 组内网格.
      group: groupOf(this.grids, gridId)?.level === 'group' ? (names.group ?? '') : '',
      levels,
      reportWorker:
        nearestLevel && nearest
          ? {
              level: nearestLevel.level,
              role: nearest.role,
              name: nearest.name,
              phone: nearest.phone,
            }
          : null,
    };
    this.chains.set(gridId, chain);
    return chain;
  }
}

/** See the rules at the top of this file. */
function pickWorkers(roles: readonly RoleInfo[], ownGrid: boolean): CardWorker[] {
  const sorted = [...roles].sort(
    (a, b) =>
      ROLE_RANK.get(a.role)! - ROLE_RANK.get(b.role)! ||
      a.startDate.localeCompare(b.startDate) ||
      a.roleId - b.roleId,
  );
  const people = new Set<number>();
  const rolesShown = new Set<Role>();
  const workers: CardWorker[] = [];
  for (const r of sorted) {
    if (people.has(r.workerId)) continue;
    if (!ownGrid && rolesShown.has(r.role)) continue;
    if (workers.length >= MAX_OWN_WORKERS) break;
    people.add(r.workerId);
    rolesShown.add(r.role);
    workers.push({ role: r.role, name: r.name, phone: r.phone, duties: r.duties });
  }
  return workers;
}

/** One household's card; NOT_FOUND when it does not exist. */
export function cardContent(ctx: ServiceContext, householdId: number): CardContent {
  return new CardSource(ctx).contents([householdId])[0]!;
}

export interface ScopedHousehold {
  id: number;
  gridId: number | null;
  gridName: string;
  head: string;
}

const SUBTREE = `WITH RECURSIVE sub(id) AS (
  SELECT @gridId UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)`;

/** The house number's digits compared as numbers: 一组2号 before 一组12号. */
const HOUSE_ORDER = new Intl.Collator('zh-CN', { numeric: true });

/**
 * The print order of cards (docs/domain.md §5): by 村民小组 — grids as the tree is walked, the
 * households without a grid last — then by house: the schema has no house-order field, so the
 * address (which carries the 门牌, e.g. 一组12号) in natural order, then the 自然村, then the id
 * (the order the households were entered).
 */
function printOrder(ctx: ServiceContext) {
  const order = gridOrder(ctx);
  const rank = (gridId: number | null) =>
    gridId === null ? Number.MAX_SAFE_INTEGER : (order.get(gridId) ?? Number.MAX_SAFE_INTEGER);
  return (a: HouseKey, b: HouseKey) =>
    rank(a.gridId) - rank(b.gridId) ||
    HOUSE_ORDER.compare(a.address, b.address) ||
    HOUSE_ORDER.compare(a.naturalVillage, b.naturalVillage) ||
    a.id - b.id;
}

interface HouseKey {
  id: number;
  gridId: number | null;
  address: string;
  naturalVillage: string;
}

/**
 * Households whose current grid lies in the grid's subtree (every household without a grid),
 * in print order (printOrder).
 */
export function householdsInGrid(
  ctx: ServiceContext,
  gridId: number | undefined,
): ScopedHousehold[] {
  const rows = ctx.sqlite
    .prepare(
      `${SUBTREE}
       SELECT h.id, hg.grid_id AS gridId, ${gridLabelSql('g')} AS gridName, h.address,
              h.natural_village AS naturalVillage,
              (SELECT m.name FROM members m WHERE m.household_id = h.id AND m.relation = '本人'
               ORDER BY m.sort_order, m.id LIMIT 1) AS head
       FROM households h
       LEFT JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
       LEFT JOIN grids g ON g.id = hg.grid_id
       WHERE @gridId IS NULL OR hg.grid_id IN sub`,
    )
    .all({ gridId: gridId ?? null }) as (HouseKey & {
    gridName: string | null;
    head: string | null;
  })[];
  return rows
    .sort(printOrder(ctx))
    .map((r) => ({ id: r.id, gridId: r.gridId, gridName: r.gridName ?? '', head: r.head ?? '' }));
}

/**
 * Chosen households (duplicates dropped) in print order (printOrder); an id that is not a
 * household stays, at the end, for CardSource.contents to refuse.
 */
export function inPrintOrder(ctx: ServiceContext, householdIds: readonly number[]): number[] {
  const ids = [...new Set(householdIds)];
  const rows = ctx.sqlite
    .prepare(
      `SELECT h.id, hg.grid_id AS gridId, h.address, h.natural_village AS naturalVillage
       FROM households h
       LEFT JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
       WHERE h.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as HouseKey[];
  const known = new Set(rows.map((r) => r.id));
  return [...rows.sort(printOrder(ctx)).map((r) => r.id), ...ids.filter((id) => !known.has(id))];
}
