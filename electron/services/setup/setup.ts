import { asc, isNull } from 'drizzle-orm';
import { grids } from '../../../db/schema';
import { AppError } from '../../api/errors';
import type { GridNode, SetupStatus } from '../../api/types';
import type { ServiceContext } from '../context';
import { inTransaction } from '../context';
import { countGrids, createGrid, gridTree } from '../grids/grids';
import { getSettings, updateSettings } from '../settings/settings';

export function setupStatus(ctx: ServiceContext): SetupStatus {
  const root = ctx.db
    .select({ id: grids.id })
    .from(grids)
    .where(isNull(grids.parentId))
    .orderBy(asc(grids.id))
    .get();
  return {
    initialized: root !== undefined,
    rootId: root?.id ?? null,
    villageName: getSettings(ctx).villageName,
  };
}

/** First run: 县 → 乡镇 → 村 → its 村民小组, in one transaction. */
export function createVillage(
  ctx: ServiceContext,
  input: { county: string; township: string; village: string; groups: string[] },
): GridNode {
  return inTransaction(ctx, () => {
    if (countGrids(ctx) > 0) {
      throw new AppError('CONFLICT', '网格已经建立过了，请到「网格花名册」中增加或修改网格。');
    }
    const county = createGrid(ctx, { parentId: null, level: 'county', name: input.county });
    const township = createGrid(ctx, {
      parentId: county.id,
      level: 'township',
      name: input.township,
    });
    const village = createGrid(ctx, {
      parentId: township.id,
      level: 'village',
      name: input.village,
    });
    for (const group of input.groups) {
      createGrid(ctx, { parentId: village.id, level: 'group', name: group });
    }
    if (!getSettings(ctx).villageName) updateSettings(ctx, { villageName: input.village });
    return gridTree(ctx)[0]!;
  });
}
