import { AppError } from '../../api/errors';
import { workspace } from '../../../db/schema';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { countGrids, createGrid } from '../grids/grids';
import { getSettings, updateSettings } from '../settings/settings';

/** What kind of database this is (docs/domain.md §11). */
export type WorkspaceKind = 'village' | 'township' | 'county';

export interface Workspace {
  kind: WorkspaceKind;
  /** The township's or county's name ('' for a village database). */
  name: string;
  /** The county a township workspace belongs to. */
  county: string;
}

const VILLAGE: Workspace = { kind: 'village', name: '', county: '' };

/** A database without a workspace row is a village's own (every database made before §11). */
export function workspaceOf(ctx: ServiceContext): Workspace {
  const row = ctx.db.select().from(workspace).get();
  return row ? { kind: row.kind, name: row.name, county: row.county } : VILLAGE;
}

export const isRollUp = (ctx: ServiceContext): boolean => workspaceOf(ctx).kind !== 'village';

/** Said when a village-only action is asked of a 乡镇/县 workspace. */
export const ROLL_UP_READ_ONLY =
  '这是乡镇汇总库：各村的数据只读，只能填写审核意见。请在村里的电脑上修改后重新上报。';

export function assertVillageDatabase(ctx: ServiceContext, what: string): void {
  if (isRollUp(ctx)) {
    throw new AppError('CONFLICT', `乡镇汇总库不能${what}。${ROLL_UP_READ_ONLY}`);
  }
}

export function assertRollUp(ctx: ServiceContext, what: string): void {
  if (!isRollUp(ctx)) {
    throw new AppError('CONFLICT', `${what}只在乡镇汇总库中使用：本库是村级台账。`);
  }
}

/**
 * Makes an empty database a 乡镇汇总 (or 县级汇总) workspace: the workspace row and its own grid
 * nodes (县 → 乡镇, or 县 alone), in one transaction. Villages come only from packages.
 */
export function createWorkspace(
  ctx: ServiceContext,
  input: {
    kind: 'township' | 'county';
    county?: string | undefined;
    township?: string | undefined;
  },
): Workspace {
  return inTransaction(ctx, () => {
    if (countGrids(ctx) > 0 || isRollUp(ctx)) {
      throw new AppError(
        'CONFLICT',
        '本数据库已经有数据，不能改作乡镇汇总库。请在新的数据文件夹中建立汇总库。',
      );
    }
    const township = input.township?.trim() ?? '';
    if (input.kind === 'township' && !township) {
      throw new AppError('VALIDATION', '请填写乡镇名称', [
        { path: ['township'], message: '请填写乡镇名称' },
      ]);
    }
    const countyName = input.county?.trim() ?? '';
    if (input.kind === 'county' && !countyName) {
      throw new AppError('VALIDATION', '请填写县名称', [
        { path: ['county'], message: '请填写县名称' },
      ]);
    }
    // A township workspace may not know its county (县 left blank): its 乡镇 node is the root,
    // and packages of any county with this township's name are taken (docs/domain.md §11).
    const county = countyName
      ? createGrid(ctx, { parentId: null, level: 'county', name: countyName })
      : null;
    if (input.kind === 'township') {
      createGrid(ctx, { parentId: county?.id ?? null, level: 'township', name: township });
    }
    const name = input.kind === 'township' ? township : countyName;
    ctx.db.insert(workspace).values({ id: 1, kind: input.kind, name, county: countyName }).run();
    if (!getSettings(ctx).villageName) updateSettings(ctx, { villageName: name });
    audit(ctx, {
      entity: 'workspace',
      entityId: 1,
      action: 'create',
      after: { kind: input.kind, name, county: countyName },
    });
    return { kind: input.kind, name, county: countyName };
  });
}
