/**
 * The parsers runBounded may run in its worker, by name. Inputs and results cross the thread
 * boundary by structured clone: bytes as Uint8Array, results as plain data. Each task loads
 * its parser when it runs, so a worker reading a roster never loads pdf-lib.
 */
import type { CatalogueShape } from '../archive/catalogue-read';
import type { PackedRows } from '../roster-io/packed-table';
import type { Row } from '../roster-io/read';

/** Rows per batch sent from the worker: small enough that the worker never holds many. */
const ROWS_PER_BATCH = 2_000;

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

export const TASKS = {
  /**
   * 花名册导入: the wanted sheet of an .xlsx, or a .csv (roster-io/read.ts). Its rows go to the
   * service in packed batches as they are read; the result is the sheet's name.
   */
  'roster-table': async (
    input: { bytes: Uint8Array; fileName: string; sheet: string },
    progress: (n: number) => void,
    emit: (part: PackedRows) => void,
  ) => {
    const { readTableRows } = await import('../roster-io/read');
    const { packRows } = await import('../roster-io/packed-table');
    let batch: Row[] = [];
    const flush = () => {
      if (batch.length > 0) emit(packRows(batch));
      batch = [];
    };
    const sheet = await readTableRows(
      asBuffer(input.bytes),
      input.fileName,
      input.sheet,
      (row) => {
        batch.push(row);
        if (batch.length >= ROWS_PER_BATCH) flush();
      },
      progress,
    );
    flush();
    return { sheet };
  },
  /** 归档文件目录.xlsx of a package being verified or imported. */
  'catalogue-codes': async (input: { bytes: Uint8Array; shape: CatalogueShape }) => {
    const { catalogueCodes } = await import('../archive/catalogue-read');
    return catalogueCodes(asBuffer(input.bytes), input.shape);
  },
  /** Pages of a PDF being filed. */
  'pdf-pages': async (input: { bytes: Uint8Array; fileName: string }) => {
    const { countPdfPages } = await import('./pdf-pages');
    return countPdfPages(input.bytes, input.fileName);
  },
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskInput<K extends TaskName> = Parameters<(typeof TASKS)[K]>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<(typeof TASKS)[K]>>;

export type TaskPart<K extends TaskName> =
  Parameters<(typeof TASKS)[K]> extends [unknown, unknown, (part: infer P) => void] ? P : never;

export function runTask<K extends TaskName>(
  task: K,
  input: TaskInput<K>,
  progress: (n: number) => void,
  emit: (part: TaskPart<K>) => void = () => undefined,
): Promise<TaskOutput<K>> {
  const run = TASKS[task] as (
    i: TaskInput<K>,
    p: (n: number) => void,
    e: (part: TaskPart<K>) => void,
  ) => Promise<TaskOutput<K>>;
  if (!run) return Promise.reject(new Error(`unknown task ${String(task)}`));
  return run(input, progress, emit);
}
