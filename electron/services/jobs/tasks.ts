import type { DemoSize } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { seedDemoWork } from '../demo/demo';
import type { RosterKind } from '../roster-io/columns';
import { analyseImport, commitImport } from '../roster-io/import';
import { exportFile } from '../roster-io/files';
import { exportPackageFile } from '../archive/package';
import type { SelfCheckExportInput } from '../../api/self-check-schemas';
import { selfCheckFile } from '../self-check/export';
import { townshipFile, type TownshipFileInput } from '../reporting/township/files';
import type { ReportPackageInput } from '../../api/report-package-schemas';
import { reportPackageFile } from '../reporting/package/export';
import { importWarnings, type WarningImportInput } from '../warnings/import';
import { replyFile } from '../warnings/reply';
import type { WorkHooks } from './work-hooks';

/**
 * The work a job may run in a worker thread (worker-run.ts), each the service the main thread
 * would otherwise run, on the worker's own connection to the same database.
 */
export const tasks = {
  /**
   * A checked roster file written in one transaction (roster-io/import.ts): read and checked
   * again here from its bytes (the same file gives the same analysis; the write checks against
   * the database again anyway), so only the bytes cross the thread.
   */
  'roster-import-write': async (
    ctx: ServiceContext,
    input: { kind: RosterKind; fileName: string; bytes: Uint8Array; validOnly: boolean },
    hooks: WorkHooks,
  ) => {
    const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.length);
    const analysis = await analyseImport(
      ctx,
      input.kind,
      input.fileName,
      bytes,
      (phase, done, total) =>
        hooks.progress(done, total, phase === 'reading' ? '再次读取文件' : '再次检查数据'),
    );
    hooks.checkpoint();
    return commitImport(ctx, analysis, input.validOnly, hooks);
  },
  /** The demo data (demo/demo.ts): roster and ledger in one transaction, then the archive. */
  'demo-seed': (
    ctx: ServiceContext,
    input: { size: DemoSize; seed: number; findings?: boolean },
    hooks: WorkHooks,
  ) => seedDemoWork(ctx, input, hooks),
  /** The roster's xlsx, read from the worker's snapshot. */
  'roster-export': (
    ctx: ServiceContext,
    input: { gridId?: number | undefined; monitorOnly?: boolean | undefined },
  ) => exportFile(ctx, input),
  /** A year's archive package (zip), read from the worker's snapshot. */
  'archive-export': (ctx: ServiceContext, input: { year: number }) => exportPackageFile(ctx, input),
  /** The 迎检自查 report as xlsx or PDF (self-check/export.ts): a county's took ~6 s / ~12 s. */
  'self-check-export': (ctx: ServiceContext, input: SelfCheckExportInput) =>
    selfCheckFile(ctx, input),
  /** A township output file (reporting/township/files.ts): lists of a county's villages. */
  'township-export': (ctx: ServiceContext, input: TownshipFileInput) => townshipFile(ctx, input),
  /** The village 上报包 (reporting/package/export.ts), zipped and maybe encrypted here. */
  'report-package': (ctx: ServiceContext, input: ReportPackageInput, hooks: WorkHooks) =>
    reportPackageFile(ctx, input, (done, total, phase) => hooks.progress(done, total, phase)),
  /** A department's 预警名单 matched and written in one transaction (warnings/import.ts). */
  'warning-import': (ctx: ServiceContext, input: WarningImportInput) => importWarnings(ctx, input),
  /** The 核查反馈表 of a 预警名单 (warnings/reply.ts). */
  'warning-reply': (ctx: ServiceContext, input: { batchId: number }) =>
    replyFile(ctx, input.batchId),
};

export type TaskName = keyof typeof tasks;
export type TaskInput<K extends TaskName> = Parameters<(typeof tasks)[K]>[1];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<(typeof tasks)[K]>>;
