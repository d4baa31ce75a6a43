/**
 * The parsers runBounded may run in its worker, by name. Inputs and results cross the thread
 * boundary by structured clone: bytes as Uint8Array, results as plain data. Each task loads
 * its parser when it runs, so a worker reading a roster never loads pdf-lib.
 */
import type { CatalogueShape } from '../archive/catalogue-read';

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

export const TASKS = {
  /** 花名册导入: the wanted sheet of an .xlsx, or a .csv (roster-io/read.ts), packed. */
  'roster-table': async (
    input: { bytes: Uint8Array; fileName: string; sheet: string },
    progress: (n: number) => void,
  ) => {
    const { readTable } = await import('../roster-io/read');
    const { packTable } = await import('../roster-io/packed-table');
    return packTable(await readTable(asBuffer(input.bytes), input.fileName, input.sheet, progress));
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

export function runTask<K extends TaskName>(
  task: K,
  input: TaskInput<K>,
  progress: (n: number) => void,
): Promise<TaskOutput<K>> {
  const run = TASKS[task] as (i: TaskInput<K>, p: (n: number) => void) => Promise<TaskOutput<K>>;
  if (!run) return Promise.reject(new Error(`unknown task ${String(task)}`));
  return run(input, progress);
}
