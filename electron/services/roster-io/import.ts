import { AppError } from '../../api/errors';
import type { ImportJobStatus, ImportPreview, ImportSummary } from '../../api/roster-io-types';
import type { ServiceContext } from '../context';
import * as jobs from '../jobs/registry';
import { checkpointed, NO_HOOKS, type WorkHooks } from '../jobs/work-hooks';
import { runInWorker } from '../jobs/worker-run';
import { SHEETS, type RosterKind } from './columns';
import {
  assertNoProblems,
  checkHouseholdsAgainstDatabase,
  checkHouseholdsInChunks,
  parseHouseholds,
  type DatabaseCheck,
  writeHouseholds,
  type ParsedHousehold,
} from './household-import';
import { sortProblems, type Problem } from './problems';
import { runBounded } from '../files/bounded-run';
import { RUN_BUDGETS } from '../files/limits';
import { unpackRows } from './packed-table';
import { assembleTable, type Row, type Table } from './read';
import { parseWorkers, writeWorkers } from './worker-import';

export interface Analysis {
  kind: RosterKind;
  fileName: string;
  table: Table;
  households: ParsedHousehold[];
  fileProblems: Problem[];
  preview: ImportPreview;
  /**
   * The file as it came (a job's analysis keeps it): the write's worker reads it again rather
   * than receive this analysis, whose copy across threads held the event loop for seconds on a
   * township file (structured clone runs on the sending thread).
   */
  bytes?: Buffer;
}

export type Progress = (phase: 'reading' | 'checking', done: number, total: number) => void;

function invalidRows(problems: Problem[]): Set<number> {
  return new Set(problems.map((p) => p.row));
}

function householdPreview(
  ctx: ServiceContext,
  analysis: Omit<Analysis, 'preview'>,
  check = checkHouseholdsAgainstDatabase(ctx, analysis.table.sheet, analysis.households),
): { preview: ImportPreview; check: DatabaseCheck } {
  const problems = sortProblems(
    [...analysis.fileProblems, ...check.problems],
    analysis.table.header,
  );
  const bad = invalidRows(problems);
  const valid = analysis.households.filter(
    (h) => h.data && check.targets.has(h) && !h.rows.some((r) => bad.has(r)),
  );
  return {
    check,
    preview: {
      kind: 'households',
      fileName: analysis.fileName,
      sheet: analysis.table.sheet,
      rows: analysis.table.rows.length,
      units: analysis.households.length,
      validUnits: valid.length,
      creates: valid.filter((h) => check.targets.get(h)!.existingId === null).length,
      updates: valid.filter((h) => check.targets.get(h)!.existingId !== null).length,
      problemCount: problems.length,
      problems: problems.slice(0, 1000),
    },
  };
}

function workerPreview(ctx: ServiceContext, table: Table, fileName: string) {
  const { plans, problems } = parseWorkers(ctx, table);
  const sorted = sortProblems(problems, table.header);
  const preview: ImportPreview = {
    kind: 'workers',
    fileName,
    sheet: table.sheet,
    rows: table.rows.length,
    units: table.rows.length,
    validUnits: plans.length,
    creates: 0,
    updates: 0,
    problemCount: sorted.length,
    problems: sorted.slice(0, 1000),
  };
  return { plans, preview, problems: sorted };
}

/** Reads and checks an import file; writes nothing. */
export async function analyseImport(
  ctx: ServiceContext,
  kind: RosterKind,
  fileName: string,
  buffer: Buffer,
  progress?: Progress,
): Promise<Analysis> {
  // In a bounded worker (files/bounded-run.ts): a hostile file ends as a Chinese refusal.
  const rows: Row[] = [];
  const { sheet } = await runBounded(
    'roster-table',
    { bytes: buffer, fileName, sheet: SHEETS[kind] },
    {
      fileName,
      budget: RUN_BUDGETS.roster,
      onProgress: (n) => progress?.('reading', n, 0),
      onPart: (part) => {
        for (const row of unpackRows(part)) rows.push(row);
      },
    },
  );
  const table = assembleTable(sheet, rows);
  if (table.rows.length === 0)
    throw new AppError('VALIDATION', `「${table.sheet}」工作表里没有数据行`);
  if (kind === 'workers') {
    const { preview, problems } = workerPreview(ctx, table, fileName);
    return { kind, fileName, table, households: [], fileProblems: problems, preview };
  }
  const parsed = await parseHouseholds(table, (done, total) => progress?.('checking', done, total));
  const base = { kind, fileName, table, households: parsed.parsed, fileProblems: parsed.problems };
  const check = await checkHouseholdsInChunks(ctx, table.sheet, parsed.parsed);
  return { ...base, preview: householdPreview(ctx, base, check).preview };
}

/**
 * Writes an analysed file in one transaction. Checks against the database run again first
 * (the data may have changed since the preview). Nothing is written when any problem remains,
 * unless `validOnly`, which writes the households (or rows) without problems.
 */
export function commitImport(
  ctx: ServiceContext,
  analysis: Analysis,
  validOnly: boolean,
  hooks: WorkHooks = NO_HOOKS,
): ImportSummary {
  if (analysis.kind === 'workers') {
    const { plans, problems, preview } = workerPreview(ctx, analysis.table, analysis.fileName);
    assertNoProblems(problems, validOnly);
    return writeWorkers(ctx, plans, preview.units - plans.length);
  }
  const { check, preview } = householdPreview(ctx, analysis);
  const all = sortProblems([...analysis.fileProblems, ...check.problems], analysis.table.header);
  assertNoProblems(all, validOnly);
  const bad = invalidRows(all);
  const writable = analysis.households
    .filter((h) => h.data && check.targets.has(h) && !h.rows.some((r) => bad.has(r)))
    .map((household) => ({ household, ...check.targets.get(household)! }));
  // Its loop stops between chunks when the job is cancelled; the transaction rolls back.
  const summary = writeHouseholds(
    ctx,
    checkpointed(writable, hooks, '写入数据库'),
    preview.units - writable.length,
  );
  hooks.committed();
  return summary;
}

/** Every problem of an analysis (the preview keeps only the first 1,000). */
export function allProblems(ctx: ServiceContext, analysis: Analysis): Problem[] {
  if (analysis.kind === 'workers') return analysis.fileProblems;
  const { check } = householdPreview(ctx, analysis);
  return sortProblems([...analysis.fileProblems, ...check.problems], analysis.table.header);
}

// ---- Jobs (services/jobs/registry.ts): a file is read and checked in the background while
// the UI shows progress; its import is written in a worker thread, in one transaction, so the
// window never waits on it (issue 15 item 2).

const NOT_FOUND = '找不到这次导入，请重新选择文件';
const PHASES = { reading: '读取文件', checking: '检查数据' } as const;
/** Checked files kept for their commit: each holds a whole file in memory. */
const KEEP_CHECKED = 4;

export function startImportJob(
  ctx: ServiceContext,
  kind: RosterKind,
  fileName: string,
  buffer: Buffer,
): { jobId: string } {
  const { jobId } = jobs.start(
    'roster-import-check',
    async (job) => {
      const analysis = await analyseImport(ctx, kind, fileName, buffer, (phase, done, total) =>
        job.progress(done, total, PHASES[phase]),
      );
      job.progress(analysis.preview.units, analysis.preview.units);
      return { ...analysis, bytes: buffer };
    },
    {
      label: `检查名册文件「${fileName}」`,
      phase: PHASES.reading,
      keep: KEEP_CHECKED,
      publicResult: (analysis) => analysis.preview,
      failure: (error) =>
        error instanceof AppError ? error.message : '读取文件时出错，文件可能已损坏。',
    },
  );
  return { jobId };
}

/**
 * After a restore, no import checked against the database from before may be committed: its
 * matches (which household a head's ID updates) belong to the old data. It must be chosen again.
 */
export function forgetImportJobs(): void {
  jobs.forget('roster-import-check');
}

/** The check's status in the import dialog's own shape (rosterIo.importStatus). */
export function importJobStatus(jobId: string): ImportJobStatus {
  const status = jobs.statusOfKind(jobId, 'roster-import-check', NOT_FOUND);
  const { done, total } = status.progress;
  const phase =
    status.state === 'running'
      ? status.progress.phase === PHASES.checking
        ? 'checking'
        : 'reading'
      : status.state === 'done'
        ? 'ready'
        : 'failed';
  return {
    jobId,
    phase,
    done,
    total,
    preview: status.state === 'done' ? (status.result as ImportPreview) : null,
    error: phase === 'failed' ? (status.error ?? status.message ?? null) : null,
  };
}

export function readyAnalysis(jobId: string): Analysis {
  jobs.statusOfKind(jobId, 'roster-import-check', NOT_FOUND);
  const analysis = jobs.valueOf<Analysis>(jobId);
  if (!analysis) throw new AppError('CONFLICT', '文件还在检查中，请稍候');
  return analysis;
}

/** Checked files whose import is being written now: a second commit of one is refused. */
const writing = new Set<string>();

/**
 * Writes a checked file as a job of its own ('roster-import-write', `followId` when the caller
 * chose one to follow it with jobs.status and stop it with jobs.cancel), in a worker thread on
 * its own connection, and waits for its end without holding the event loop.
 */
export async function commitImportJob(
  ctx: ServiceContext,
  jobId: string,
  validOnly: boolean,
  followId?: string,
): Promise<ImportSummary> {
  const analysis = readyAnalysis(jobId);
  if (writing.has(jobId)) throw new AppError('CONFLICT', '这个文件正在导入，请稍候');
  writing.add(jobId);
  try {
    const { value } = jobs.start(
      'roster-import-write',
      (job) =>
        runInWorker(
          ctx,
          'roster-import-write',
          { kind: analysis.kind, fileName: analysis.fileName, bytes: analysis.bytes!, validOnly },
          job,
        ),
      {
        label: `导入名册「${analysis.fileName}」`,
        jobId: followId,
        phase: '准备写入',
        stopsAtOnce: false,
        cancelledMessage: '已取消导入，没有导入任何数据',
        publicResult: (summary) => summary,
        message: (summary) =>
          `新增 ${summary.created} 户，更新 ${summary.updated} 户，跳过 ${summary.skipped} 户`,
      },
    );
    const summary = await value;
    jobs.remove(jobId);
    return summary;
  } finally {
    writing.delete(jobId);
  }
}
