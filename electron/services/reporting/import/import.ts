import { desc } from 'drizzle-orm';
import { AppError } from '../../../api/errors';
import type {
  LoadedVillage,
  ReportImportFileResult,
  ReportImportRecord,
} from '../../../api/report-import-types';
import { reportImports, reportVillages } from '../../../../db/schema';
import { inTransaction, type ServiceContext } from '../../context';
import * as jobs from '../../jobs/registry';
import { log } from '../../log/logger';
import { villageKey } from '../format';
import { assertRollUp } from '../workspace';
import { loadPackage } from './load';
import { PackageRefusal, readPackage } from './read';

/**
 * The township's import of village 上报包 (docs/domain.md §11): several files at once as one
 * background job with progress. Each file is verified, then loaded in its own transaction, so
 * a refused or broken file leaves the others' outcome (and the workspace) as it was. Every
 * attempt goes into the 导入记录 (report_imports), refused ones too.
 */

export const UNCHANGED = '已导入，无变化';
const FAILED =
  '导入时程序内部出错，本包未导入，汇总库数据未受影响。请重试；如果一再出错，请记下操作步骤并联系维护人员。';

export interface PackageFile {
  fileName: string;
  data: Uint8Array;
}

function record(
  ctx: ServiceContext,
  result: ReportImportFileResult,
  extra: { villageKey?: string; createdAt?: string; sha256?: string },
): void {
  inTransaction(ctx, () => {
    ctx.db
      .insert(reportImports)
      .values({
        fileName: result.fileName,
        villageKey: extra.villageKey ?? '',
        villageName: result.village,
        period: result.period,
        packageCreatedAt: extra.createdAt ?? '',
        packageSha256: extra.sha256 ?? '',
        outcome: result.outcome,
        message: result.message,
        importedBy: ctx.operator,
        createdAt: ctx.now().toISOString(),
      })
      .run();
  });
}

/** Verifies and loads one package; never throws for the package's own faults. */
export async function importOne(
  ctx: ServiceContext,
  file: PackageFile,
  password: string | undefined,
  checkpoint: () => void = () => undefined,
): Promise<ReportImportFileResult> {
  const fileName = file.fileName;
  try {
    const read = await readPackage(ctx, { fileName, bytes: file.data, password }, checkpoint);
    const v = read.kind === 'verified' ? read.pkg.manifest : read.manifest;
    const village = `${v.village.township}${v.village.name}`;
    if (read.kind === 'unchanged') {
      const result: ReportImportFileResult = {
        fileName,
        outcome: 'unchanged',
        message: `${village} ${v.period} 月上报包${UNCHANGED}`,
        village,
        period: v.period,
      };
      record(ctx, result, { villageKey: read.key, createdAt: v.createdAt, sha256: read.sha256 });
      return result;
    }
    checkpoint();
    const loaded = loadPackage(ctx, read.pkg);
    return {
      fileName,
      outcome: 'loaded',
      message: loaded.message,
      village,
      period: v.period,
    };
  } catch (error) {
    if (error instanceof jobs.JobCancelled) throw error;
    const known = error instanceof AppError;
    if (!known) log.error('[township.importPackages] 导入上报包出错', error);
    const manifest = error instanceof PackageRefusal ? error.manifest : undefined;
    const result: ReportImportFileResult = {
      fileName,
      outcome: 'refused',
      message: known ? error.message : FAILED,
      village: manifest ? `${manifest.village.township}${manifest.village.name}` : '',
      period: manifest?.period ?? '',
    };
    record(ctx, result, {
      createdAt: manifest?.createdAt,
      sha256: error instanceof PackageRefusal ? error.sha256 : '',
      villageKey: manifest ? villageKey(manifest.village) : undefined,
    });
    return result;
  }
}

/**
 * Imports several packages as one job (docs/domain.md §11). A cancel stops before the next
 * file: packages loaded before it stay loaded (each was its own complete transaction).
 */
export async function importPackages(
  ctx: ServiceContext,
  input: { files: PackageFile[]; password?: string | undefined; followJobId?: string | undefined },
): Promise<ReportImportFileResult[]> {
  assertRollUp(ctx, '导入上报包');
  const total = input.files.length;
  const { value } = jobs.start(
    'report-import',
    async (job) => {
      const results: ReportImportFileResult[] = [];
      for (const [i, file] of input.files.entries()) {
        job.checkpoint();
        job.progress(i, total, `检查并导入「${file.fileName}」（第 ${i + 1} 个，共 ${total} 个）`);
        results.push(await importOne(ctx, file, input.password, () => job.checkpoint()));
        job.progress(i + 1, total);
      }
      // The packages' pages into the database file now (load.ts defers it while importing).
      ctx.sqlite.pragma('wal_checkpoint(PASSIVE)');
      return results;
    },
    {
      label: `导入上报包（${total} 个文件）`,
      jobId: input.followJobId,
      phase: '读取上报包',
      stopsAtOnce: false,
      cancelledMessage: '已取消：已经导入的上报包保留，其余未导入',
      publicResult: (results) => results,
      message: (results) => summary(results),
      keep: 5,
    },
  );
  return value;
}

export function summary(results: readonly ReportImportFileResult[]): string {
  const n = (o: string) => results.filter((r) => r.outcome === o).length;
  return `共 ${results.length} 个上报包：导入 ${n('loaded')} 个，无变化 ${n('unchanged')} 个，拒绝 ${n('refused')} 个`;
}

export function loadedVillages(ctx: ServiceContext): LoadedVillage[] {
  return ctx.db
    .select()
    .from(reportVillages)
    .orderBy(reportVillages.townshipName, reportVillages.villageName)
    .all()
    .map((r) => ({
      id: r.id,
      villageKey: r.villageKey,
      villageName: r.villageName,
      villageCode: r.villageCode,
      townshipName: r.townshipName,
      countyName: r.countyName,
      gridId: r.gridId,
      period: r.period,
      dataTime: r.packageCreatedAt,
      counts: JSON.parse(r.counts) as Record<string, number>,
      importedAt: r.importedAt,
      importedBy: r.importedBy,
    }));
}

export function importHistory(ctx: ServiceContext, limit = 200): ReportImportRecord[] {
  return ctx.db
    .select()
    .from(reportImports)
    .orderBy(desc(reportImports.id))
    .limit(limit)
    .all()
    .map((r) => ({
      id: r.id,
      fileName: r.fileName,
      villageName: r.villageName,
      period: r.period,
      dataTime: r.packageCreatedAt,
      outcome: r.outcome,
      message: r.message,
      importedBy: r.importedBy,
      importedAt: r.createdAt,
    }));
}
