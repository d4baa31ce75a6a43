import { z } from 'zod';
import { method } from './method';
import { name } from './schemas';

/** What kind of database this is (docs/domain.md §11): a village's ledger or a roll-up. */
export interface WorkspaceInfo {
  kind: 'village' | 'township' | 'county';
  /** The township's (or county's) name; '' for a village database. */
  name: string;
  county: string;
}

/** The workspace (乡镇汇总库) methods, merged into the one contract. */
export const workspaceContract = {
  'workspace.get': method<WorkspaceInfo>()(z.strictObject({})),
  /** First run, instead of setup.createVillage: an empty database becomes a 乡镇/县 workspace. */
  'setup.createWorkspace': method<WorkspaceInfo>()(
    z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('township'),
        /** Blank when the township does not say its county (its 乡镇 node is then the root). */
        county: z.union([name('县名称'), z.literal('')]).optional(),
        township: name('乡镇名称'),
      }),
      z.strictObject({ kind: z.literal('county'), county: name('县名称') }),
    ]),
  ),
} as const;
