import crypto from 'node:crypto';
import { AppError } from '../../api/errors';
import type { ImportJobStatus, ImportPreview, ImportSummary } from '../../api/roster-io-types';
import type { ServiceContext } from '../context';
import { SHEETS, type RosterKind } from './columns';
import {
  assertNoProblems,
  checkHouseholdsAgainstDatabase,
  parseHouseholds,
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
}

export type Progress = (phase: 'reading' | 'checking', done: number, total: number) => void;

function invalidRows(problems: Problem[]): Set<number> {
  return new Set(problems.map((p) => p.row));
}

function householdPreview(
  ctx: ServiceContext,
  analysis: Omit<Analysis, 'preview'>,
): { preview: ImportPreview; check: ReturnType<typeof checkHouseholdsAgainstDatabase> } {
  const check = checkHouseholdsAgainstDatabase(ctx, analysis.table.sheet, analysis.households);
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
  return { ...base, preview: householdPreview(ctx, base).preview };
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
  return writeHouseholds(ctx, writable, preview.units - writable.length);
}

/** Every problem of an analysis (the preview keeps only the first 1,000). */
export function allProblems(ctx: ServiceContext, analysis: Analysis): Problem[] {
  if (analysis.kind === 'workers') return analysis.fileProblems;
  const { check } = householdPreview(ctx, analysis);
  return sortProblems([...analysis.fileProblems, ...check.problems], analysis.table.header);
}

// ---- Jobs: a large file is read and checked in the background while the UI shows progress.

interface Job {
  status: ImportJobStatus;
  analysis: Analysis | null;
}

const jobs = new Map<string, Job>();
const MAX_JOBS = 4;

export function startImportJob(
  ctx: ServiceContext,
  kind: RosterKind,
  fileName: string,
  buffer: Buffer,
): { jobId: string } {
  const jobId = crypto.randomUUID();
  const job: Job = {
    status: { jobId, phase: 'reading', done: 0, total: 0, preview: null, error: null },
    analysis: null,
  };
  jobs.set(jobId, job);
  // Forget the oldest jobs: each holds a whole file in memory.
  for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - MAX_JOBS))) jobs.delete(old);
  analyseImport(ctx, kind, fileName, buffer, (phase, done, total) => {
    job.status = { ...job.status, phase, done, total };
  }).then(
    (analysis) => {
      job.analysis = analysis;
      job.status = {
        ...job.status,
        phase: 'ready',
        done: analysis.preview.units,
        total: analysis.preview.units,
        preview: analysis.preview,
      };
    },
    (error: unknown) => {
      job.status = {
        ...job.status,
        phase: 'failed',
        error: error instanceof AppError ? error.message : '读取文件时出错，文件可能已损坏。',
      };
    },
  );
  return { jobId };
}

/**
 * After a restore, no import checked against the database from before may be committed: its
 * matches (which household a head's ID updates) belong to the old data. It must be chosen again.
 */
export function forgetImportJobs(): void {
  jobs.clear();
}

function getJob(jobId: string): Job {
  const job = jobs.get(jobId);
  if (!job) throw new AppError('NOT_FOUND', '找不到这次导入，请重新选择文件');
  return job;
}

export function importJobStatus(jobId: string): ImportJobStatus {
  return getJob(jobId).status;
}

export function readyAnalysis(jobId: string): Analysis {
  const job = getJob(jobId);
  if (!job.analysis) throw new AppError('CONFLICT', '文件还在检查中，请稍候');
  return job.analysis;
}

export function commitImportJob(
  ctx: ServiceContext,
  jobId: string,
  validOnly: boolean,
): ImportSummary {
  const summary = commitImport(ctx, readyAnalysis(jobId), validOnly);
  jobs.delete(jobId);
  return summary;
}
