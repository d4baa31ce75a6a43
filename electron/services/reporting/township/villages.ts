import type { ServiceContext } from '../../context';
import { assertRollUp, workspaceOf, type Workspace } from '../workspace';

/**
 * The villages a 乡镇/县汇总库 holds (docs/domain.md §11): one report_villages row per village
 * whose package is loaded, with the grid node its rows hang under. Every township output starts
 * here, so a village database is refused once, in the same words, by each of them.
 */
export interface LoadedVillage {
  id: number;
  villageKey: string;
  gridId: number;
  village: string;
  township: string;
  county: string;
  period: string;
  packageCreatedAt: string;
  /** The package's own figures and self-check, as JSON text (parsed where they are compared). */
  figures: string;
  selfCheck: string;
}

const SQL = `SELECT rv.id AS id, rv.village_key AS villageKey, rv.grid_id AS gridId,
    rv.village_name AS village, rv.township_name AS township, rv.county_name AS county,
    rv.period AS period, rv.package_created_at AS packageCreatedAt,
    rv.figures AS figures, rv.self_check AS selfCheck
  FROM report_villages rv JOIN grids g ON g.id = rv.grid_id
  LEFT JOIN grids t ON t.id = g.parent_id
  ORDER BY t.sort_order, rv.township_name, g.sort_order, rv.village_name, rv.id`;

export function loadedVillages(ctx: ServiceContext): LoadedVillage[] {
  return ctx.sqlite.prepare(SQL).all() as LoadedVillage[];
}

/** The workspace and its villages; refused in a village's own database. */
export function rollUp(
  ctx: ServiceContext,
  what: string,
): { workspace: Workspace; villages: LoadedVillage[] } {
  assertRollUp(ctx, what);
  return { workspace: workspaceOf(ctx), villages: loadedVillages(ctx) };
}

/** Parses a package's JSON text; a damaged one counts as absent (its figures show as missing). */
export function parseJson(text: string): unknown {
  if (text.length > 50_000_000) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * When the village computed its package's figures (figures.json's generatedAt), or null. The
 * 月通报 and the self-check judge some things on "today" (a visit 待走访 in a running quarter is
 * 逾期 once it ended): 账账相符 recomputes as at that moment, so a package compared months later
 * still agrees with itself.
 */
export function packageClock(figures: unknown): Date | null {
  if (typeof figures !== 'object' || figures === null) return null;
  const at = (figures as { generatedAt?: unknown }).generatedAt;
  if (typeof at !== 'string' || at.length > 40) return null;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The context with its clock set to `at` (reads only: nothing is written with it). */
export const contextAt = (ctx: ServiceContext, at: Date | null): ServiceContext =>
  at ? { ...ctx, now: () => at } : ctx;
