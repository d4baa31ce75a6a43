import type { FilePayload } from '../../api/roster-io-types';
import type { ServiceContext } from '../context';
import { listEvaluations } from './evaluation';
import { evaluationWorkbook } from './evaluation-xlsx';
import { monthlyReport } from './monthly';
import { monthlyPdf } from './monthly-pdf';
import { monthlyWorkbook } from './monthly-xlsx';
import { parsePeriod } from './periods';
import { reportScope } from './scope';
import { safeFileName } from './xlsx-kit';

/** The reports as files crossing the API (FilePayload): the renderer turns them into downloads. */

export interface ReportFile {
  fileName: string;
  buffer: Buffer;
}

export async function monthlyExport(
  ctx: ServiceContext,
  input: { month: string; gridId?: number | undefined; format: 'xlsx' | 'pdf' },
): Promise<ReportFile> {
  const report = monthlyReport(ctx, input);
  const buffer =
    input.format === 'pdf' ? await monthlyPdf(report) : await monthlyWorkbook(report);
  return {
    fileName: safeFileName(`月通报-${report.placeName}-${input.month}.${input.format}`),
    buffer,
  };
}

export async function monthlyFile(
  ctx: ServiceContext,
  input: { month: string; gridId?: number | undefined; format: 'xlsx' | 'pdf' },
): Promise<FilePayload> {
  const file = await monthlyExport(ctx, input);
  return { fileName: file.fileName, data: file.buffer };
}

export async function evaluationExport(
  ctx: ServiceContext,
  input: { period: string; gridId?: number | undefined },
): Promise<ReportFile> {
  const list = listEvaluations(ctx, input);
  const place = reportScope(ctx, input.gridId).rootName;
  return {
    fileName: safeFileName(`网格员实绩评价-${place}-${parsePeriod(list.period).period}.xlsx`),
    buffer: await evaluationWorkbook(list, place),
  };
}

export async function evaluationFile(
  ctx: ServiceContext,
  input: { period: string; gridId?: number | undefined },
): Promise<FilePayload> {
  const file = await evaluationExport(ctx, input);
  return { fileName: file.fileName, data: file.buffer };
}
