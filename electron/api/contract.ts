import { z } from 'zod';
import { method } from './method';
import { archiveContract } from './archive-contract';
import { auditContract } from './audit-contract';
import { backupContract } from './backup-contract';
import { diagnosticsContract } from './diagnostics-contract';
import { securityContract } from './security-contract';
import { sessionContract } from './session-contract';
import { cardsContract } from './cards-contract';
import { policyContract } from './policy-contract';
import { ledgerContract } from './ledger-contract';
import { noticesContract } from './notices-contract';
import { reportsContract } from './reports-contract';
import { rosterContract } from './roster-contract';
import { visitsContract } from './visits-contract';
import { selfCheckContract } from './self-check-contract';
import { workspaceContract } from './workspace-contract';
import { townshipOutputsContract } from './township-outputs-contract';
import { warningsContract } from './warnings-contract';
import { reportImportContract } from './report-import-contract';
import { reviewContract } from './review-contract';
import { reportPackageContract } from './report-package-contract';
import { rosterIoContract } from './roster-io-contract';
import { followJobId, jobsContract } from './jobs-contract';
import { demoSize, gridLevel, id, name, optionalCode, settingsShape } from './schemas';
import type { AppInfo, DemoSummary, GridNode, GridRecord, SetupStatus, Settings } from './types';

const noInput = z.strictObject({}).optional();

/**
 * The one table of calls the UI can make. IPC, the web host and the CLI all serve exactly
 * this table through `dispatch()`; the renderer's client is typed from it.
 * Every object is strict: unknown keys (including `__proto__`) are a validation error.
 */
export const contract = {
  'app.info': method<AppInfo>()(noInput),

  'setup.status': method<SetupStatus>()(noInput),
  'setup.createVillage': method<GridNode>()(
    z.strictObject({
      county: name('县名称'),
      township: name('乡镇名称'),
      village: name('村名称'),
      groups: z
        .array(name('村民小组名称'), { error: '请填写村民小组' })
        .min(1, '至少填写一个村民小组')
        .max(100, '村民小组最多 100 个')
        .refine((groups) => new Set(groups).size === groups.length, {
          message: '村民小组名称不能重复',
        }),
    }),
  ),

  'grids.tree': method<GridNode[]>()(noInput),
  'grids.create': method<GridRecord>()(
    z.strictObject({
      parentId: id.nullable(),
      level: gridLevel,
      name: name('网格名称'),
      code: optionalCode,
    }),
  ),
  'grids.rename': method<GridRecord>()(z.strictObject({ id, name: name('网格名称') })),
  'grids.delete': method<{ id: number; archived: boolean }>()(z.strictObject({ id })),
  'grids.move': method<GridRecord>()(z.strictObject({ id, parentId: id })),

  'settings.get': method<Settings>()(noInput),
  'settings.update': method<Settings>()(z.strictObject(settingsShape.partial().shape)),

  'demo.seed': method<DemoSummary>()(
    z.strictObject({
      size: demoSize,
      seed: z
        .number({ error: '随机种子必须是数字' })
        .int('随机种子必须是整数')
        .min(0, '随机种子不能为负数')
        .max(2 ** 31 - 1, '随机种子过大'),
      // To follow the seed with jobs.status and stop it with jobs.cancel (jobs-contract.ts).
      followJobId,
    }),
  ),

  ...jobsContract,

  ...sessionContract,
  ...auditContract,
  ...backupContract,
  ...securityContract,
  ...diagnosticsContract,
  ...rosterContract,
  ...rosterIoContract,
  ...ledgerContract,
  ...visitsContract,
  ...reportsContract,
  ...noticesContract,
  ...cardsContract,
  ...policyContract,
  ...archiveContract,
  ...selfCheckContract,
  ...workspaceContract,
  ...townshipOutputsContract,
  ...warningsContract,
  ...reportImportContract,
  ...reviewContract,
  ...reportPackageContract,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodResult<M extends MethodName> = Contract[M]['result'];

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}
