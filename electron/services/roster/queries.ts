import { and, asc, eq, isNull } from 'drizzle-orm';
import { workerRoles } from '../../../db/schema';
import { maskIdNumber, maskPhone } from '../../api/id-number';
import type { GridDetail, HouseholdPage, OverCapGrid, SearchHit } from '../../api/roster-types';
import type { ServiceContext } from '../context';
import { getGrid, gridPath } from '../grids/grids';
import { gridLabelSql, groupIdSql } from '../grids/group-of';
import { getSettings } from '../settings/settings';
import { checkDigitQuery, digitsOfQuery, gatedNumberSearch } from './number-search';
import { reverse } from './people';
import { roleQuery } from './workers';

const SUBTREE = `WITH RECURSIVE sub(id) AS (
  SELECT @gridId UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)`;

export interface HouseholdFilter {
  gridId?: number | undefined;
  monitorOnly?: boolean | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

/** Households of a grid and all grids below it (or all), head first, masked. */
export function listHouseholds(ctx: ServiceContext, filter: HouseholdFilter): HouseholdPage {
  const params = {
    gridId: filter.gridId ?? null,
    monitorOnly: filter.monitorOnly ? 1 : 0,
    limit: filter.limit ?? 20_000,
    offset: filter.offset ?? 0,
  };
  const where = `(@gridId IS NULL OR hg.grid_id IN sub) AND (@monitorOnly = 0 OR h.monitor_category IS NOT NULL)`;
  const from = `FROM households h
    LEFT JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
    LEFT JOIN grids g ON g.id = hg.grid_id
    LEFT JOIN members m ON m.household_id = h.id AND m.relation = '本人'`;
  const rows = ctx.sqlite
    .prepare(
      `${SUBTREE}
       SELECT h.id, h.household_no AS householdNo, h.phone, h.household_type AS householdType,
              h.monitor_category AS monitorCategory, h.elimination_status AS eliminationStatus,
              hg.grid_id AS gridId, ${gridLabelSql('g')} AS gridName, m.name AS headName, m.id_number AS headId,
              (SELECT count(*) FROM members x WHERE x.household_id = h.id) AS memberCount
       ${from} WHERE ${where}
       ORDER BY g.sort_order, hg.grid_id, h.id LIMIT @limit OFFSET @offset`,
    )
    .all(params) as {
    id: number;
    householdNo: string | null;
    phone: string;
    householdType: string;
    monitorCategory: string | null;
    eliminationStatus: string | null;
    gridId: number | null;
    gridName: string | null;
    headName: string | null;
    headId: string | null;
    memberCount: number;
  }[];
  const total = (
    ctx.sqlite.prepare(`${SUBTREE} SELECT count(*) AS n ${from} WHERE ${where}`).get(params) as {
      n: number;
    }
  ).n;
  return {
    total,
    rows: rows.map(({ phone, headId, ...row }) => ({
      ...row,
      headName: row.headName ?? '（未登记户主）',
      gridName: row.gridName ?? '（未分网格）',
      headIdMasked: headId ? maskIdNumber(headId) : '',
      phoneMasked: maskPhone(phone),
    })),
  };
}

/** GLOB is case-sensitive and uses the indexes for a fixed prefix; its wildcards are removed. */
const globSafe = (value: string) => value.replace(/[*?[\]]/g, '');

// The hit's group (「一组·东片」 for a 组内网格) and the village above the group, so 一组 of two
// villages are told apart in the list (docs/domain.md §1).
const HIT_SQL = `SELECT m.id AS memberId, m.household_id AS householdId, m.name, m.relation, m.id_number AS idNumber,
    (SELECT name FROM members hm WHERE hm.household_id = m.household_id AND hm.relation = '本人') AS headName,
    ${gridLabelSql('g')} AS gridName, pg.name AS villageName
  FROM members m
  LEFT JOIN household_grids hg ON hg.household_id = m.household_id AND hg.end_date IS NULL
  LEFT JOIN grids g ON g.id = hg.grid_id
  LEFT JOIN grids gg ON gg.id = ${groupIdSql('g')}
  LEFT JOIN grids pg ON pg.id = gg.parent_id`;

type HitRow = {
  memberId: number;
  householdId: number;
  name: string;
  relation: string;
  idNumber: string | null;
  headName: string | null;
  gridName: string | null;
  villageName: string | null;
};

/**
 * One search box: a name or any part of it (张三, 张, or 桂 in 李桂英), pinyin initials (zs),
 * or a number: the last 4 characters of an ID or phone, or the whole number. Names starting
 * with the text come first (an indexed prefix match), then names holding it further in. That
 * second part scans members.name: measured on the county demo (136,890 members) a scan that
 * finds nothing takes ≈ 5 ms and one that fills the page well under 1 ms, so no extra index is
 * kept for it.
 *
 * A number is matched only as the last 4 (what the masks show anyway) or as the whole number,
 * never by a longer tail: answering 5, 6, 7… trailing digits let anyone read a masked phone
 * back digit by digit (33 searches, issue 14). Each number search is audited (the number
 * masked) and at most `digitSearchesPerMinute` (设置) run in any minute: guessing whole
 * numbers to confirm one stays slow and on the record. 查看 stays the only way to a full
 * number.
 */
export function search(
  ctx: ServiceContext,
  input: { query: string; limit?: number | undefined },
): SearchHit[] {
  const query = globSafe(input.query.trim());
  const limit = input.limit ?? 20;
  if (!query) return [];
  const hits: SearchHit[] = [];
  const seen = new Set<number>();
  const push = (rows: HitRow[], matchedBy: SearchHit['matchedBy']) => {
    for (const row of rows) {
      if (seen.has(row.memberId) || hits.length >= limit) continue;
      seen.add(row.memberId);
      hits.push({
        kind: row.relation === '本人' ? 'household' : 'member',
        householdId: row.householdId,
        memberId: row.memberId,
        name: row.name,
        headName: row.headName ?? '',
        relation: row.relation,
        gridName: row.gridName ?? '',
        villageName: row.villageName ?? '',
        idMasked: row.idNumber ? maskIdNumber(row.idNumber) : '',
        matchedBy,
      });
    }
  };
  // Ordered by the searched column itself, so SQLite walks its index and stops at the limit.
  const run = (column: string, pattern: string) =>
    ctx.sqlite
      .prepare(`${HIT_SQL} WHERE ${column} GLOB ? ORDER BY ${column} LIMIT ?`)
      .all(pattern, limit) as HitRow[];

  const digits = digitsOfQuery(query);
  if (digits !== null) {
    checkDigitQuery(digits);
    return digitSearch(ctx, digits, limit, (rows, by) => {
      push(rows, by);
      return hits;
    });
  }
  if (/^[a-zA-Z]+$/.test(query)) {
    push(run('m.name_initials', `${query.toLowerCase()}*`), '拼音首字母');
    return hits;
  }
  push(run('m.name', `${query}*`), '姓名');
  // Then the text inside a name (桂 finds 李桂英 even when 桂芳 starts with it).
  if (hits.length < limit) {
    push(
      ctx.sqlite
        // The ids first, from the name index alone (a covering scan, ≈ 3× faster than
        // reading every member row), then only their rows.
        .prepare(
          `${HIT_SQL} WHERE m.id IN (SELECT id FROM members WHERE instr(name, ?) > 1 LIMIT ?) ORDER BY m.name`,
        )
        .all(query, limit - hits.length) as HitRow[],
      '姓名',
    );
  }
  return hits;
}

/** The reversed phones a whole landline may be stored as: 0871-1234567 or 010-12345678. */
function landlineForms(digits: string): string[] {
  return [3, 4].map((area) => `${digits.slice(0, area)}-${digits.slice(area)}`);
}

/**
 * A number search: rate-limited, audited, matched on the last 4 or the whole number. `push`
 * adds rows as hits and returns them.
 */
function digitSearch(
  ctx: ServiceContext,
  digits: string,
  limit: number,
  push: (rows: HitRow[], by: SearchHit['matchedBy']) => SearchHit[],
): SearchHit[] {
  return gatedNumberSearch(ctx, digits, 'digits', () => {
    const phoneRows = (where: string, ...params: unknown[]) =>
      ctx.sqlite
        .prepare(
          `${HIT_SQL} WHERE m.relation = '本人' AND m.household_id IN (
             SELECT id FROM households WHERE ${where} LIMIT ?)`,
        )
        .all(...params, limit) as HitRow[];
    let hits: SearchHit[];
    if (digits.length === 4) {
      const reversed = reverse(digits);
      push(
        ctx.sqlite
          .prepare(`${HIT_SQL} WHERE m.id_rev GLOB ? ORDER BY m.id_rev LIMIT ?`)
          .all(`${reversed}*`, limit) as HitRow[],
        '身份证号',
      );
      // A phone belongs to the household: show its head.
      hits = push(phoneRows('phone_rev GLOB ? ORDER BY phone_rev', `${reversed}*`), '电话');
    } else {
      if (digits.length >= 15) {
        push(
          ctx.sqlite
            .prepare(`${HIT_SQL} WHERE m.id_key = ? AND m.id_number = ?`)
            .all(digits.slice(0, 18), digits) as HitRow[],
          '身份证号',
        );
      }
      const phones = digits.startsWith('0') ? landlineForms(digits) : [digits];
      hits = push(
        phoneRows(`phone_rev IN (${phones.map(() => '?').join(', ')})`, ...phones.map(reverse)),
        '电话',
      );
    }
    return {
      result: hits,
      after: { hits: hits.length, memberIds: hits.map((h) => h.memberId) },
    };
  });
}

export function gridDetail(ctx: ServiceContext, id: number): GridDetail {
  const grid = getGrid(ctx, id);
  const counts = ctx.sqlite
    .prepare(
      `${SUBTREE}
       SELECT count(DISTINCT hg.household_id) AS households, count(m.id) AS members
       FROM household_grids hg LEFT JOIN members m ON m.household_id = hg.household_id
       WHERE hg.end_date IS NULL AND hg.grid_id IN sub`,
    )
    .get({ gridId: id }) as { households: number; members: number };
  const cap = getSettings(ctx).householdCap;
  return {
    grid,
    path: gridPath(ctx, id),
    activeRoles: roleQuery(ctx)
      .where(and(eq(workerRoles.gridId, id), isNull(workerRoles.endDate)))
      .orderBy(asc(workerRoles.role), asc(workerRoles.startDate))
      .all(),
    householdCount: counts.households,
    memberCount: counts.members,
    householdCap: cap,
    // The cap is per lowest grid (docs/domain.md §1): a 村民小组 split into 组内网格 is not over it.
    overCap:
      (grid.level === 'group' || grid.level === 'cell') &&
      counts.households > cap &&
      ctx.sqlite.prepare('SELECT 1 FROM grids WHERE parent_id = ? LIMIT 1').get(id) === undefined,
  };
}

/** Group grids holding more households than the cap (setting), largest first. */
export function overCapGrids(ctx: ServiceContext): OverCapGrid[] {
  const cap = getSettings(ctx).householdCap;
  const rows = ctx.sqlite
    .prepare(
      `SELECT g.id AS gridId, g.name, count(*) AS householdCount
       FROM household_grids hg JOIN grids g ON g.id = hg.grid_id
       WHERE hg.end_date IS NULL AND g.archived_at IS NULL
       GROUP BY g.id HAVING count(*) > ? ORDER BY householdCount DESC`,
    )
    .all(cap) as { gridId: number; name: string; householdCount: number }[];
  return rows.map((row) => ({ ...row, path: gridPath(ctx, row.gridId), householdCap: cap }));
}
