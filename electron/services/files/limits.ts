import { AppError } from '../../api/errors';

/**
 * The bounds of every reader of an outside file, in one place (issue 14 item 2; STYLE.md:
 * "every reader of an outside file states its bounds … in one place and refuses past them in
 * Chinese"). A file past any of them is refused with a message naming the file; nothing is
 * half-read. The figures leave a wide margin over real files: the 10,000-household file of
 * `npm run bench` (40,866 rows, 1.39 million cells) is a fifth of the roster bounds, and a
 * township's catalogue of a whole year is a few thousand rows.
 */

/** The last column of SpreadsheetML (XFD = 16,384, ECMA-376 §18.3.1.4). */
export const XLSX_MAX_COLUMNS = 16_384;

export interface SheetLimits {
  /** Rows of one sheet (data rows and empty ones alike). */
  rows: number;
  /** Cells of one sheet, counted up to each row's last cell (the gaps Excel leaves count). */
  cells: number;
}

/** Rows and cells by the kind of file read. */
export const SHEET_LIMITS = {
  /** 花名册导入 (xlsx or csv): 200,000 rows is five times the demo village's members. */
  roster: { rows: 200_000, cells: 8_000_000 },
  /** 归档文件目录.xlsx of an imported package: one row per 件. */
  catalogue: { rows: 100_000, cells: 2_000_000 },
} as const satisfies Record<string, SheetLimits>;

export type SheetKind = keyof typeof SHEET_LIMITS;

/** Inflated sizes of the parts of an .xlsx (each checked with zlib's maxOutputLength). */
export const XLSX_PART_LIMITS = {
  /** One worksheet, streamed: 200,000 rows of 30 cells is about 400 MB at most. */
  sheet: 512 * 1024 * 1024,
  /** xl/sharedStrings.xml: read whole, so kept well below V8's string limit (512 MB). */
  sharedStrings: 128 * 1024 * 1024,
  /** Distinct shared strings. */
  sharedStringCount: 2_000_000,
  /** workbook.xml, its relationships, styles.xml: small bookkeeping parts. */
  small: 16 * 1024 * 1024,
  /** One <row> element's text (a row of 16,384 filled cells is about 1 MB). */
  row: 4 * 1024 * 1024,
  /** Sheets listed in workbook.xml. */
  sheets: 1_000,
} as const;

/** Entries of the central directory of an .xlsx read in memory. */
export const XLSX_MAX_ENTRIES = 10_000;

/** CSV: the same rows and cells as the sheet of its kind; a field's length. */
export const CSV_MAX_FIELD_CHARS = 1024 * 1024;

/** A package's small files read whole (SHA256SUMS.txt, 文件目录.XML, 归档文件目录.xlsx). */
export const PACKAGE_TEXT_MAX = 64 * 1024 * 1024;

/** Pixels of an image filed or attached (PNG is decoded whole to embed it: 4 bytes a pixel). */
export const IMAGE_MAX_PIXELS = 60_000_000;

/** Package .zip (archive import): what the archive may unpack to. */
export const ZIP_LIMITS = {
  entries: 65_535,
  /**
   * The declared total may be at most this many times the zip's own size. Scans and PDFs
   * barely compress (the demo package: 1.02); text files about 10:1. A zip bomb is 1,000:1.
   */
  ratio: 100,
  /** Under this total a small package is never refused for its ratio (a few text files). */
  ratioFloor: 64 * 1024 * 1024,
  /** Free disk that must remain after unpacking (the database and its backups need room). */
  keepFree: 512 * 1024 * 1024,
} as const;

/** PDF page counting. */
export const PDF_LIMITS = {
  /** Pages of one archived file (a 50 MB scan at 300 dpi is a few hundred pages). */
  pages: 10_000,
  /** Page-tree nodes visited (pages and intermediate /Pages nodes). */
  nodes: 50_000,
  /** Depth of the page tree (real files: 2 to 5 levels). */
  depth: 64,
} as const;

/** Budgets of the worker that parses (bounded-run.ts). */
export interface RunBudget {
  /** V8 old-generation heap of the worker, in MB. */
  heapMb: number;
  /** Wall-clock limit: a safety net; the counts above refuse a hostile file first. */
  timeoutMs: number;
  /**
   * Whether a worker that ended cleanly waits for the next task (small files filed one after
   * another). A roster worker is ended at once: its heap held a whole table.
   */
  keepWarm?: boolean;
}

export const RUN_BUDGETS = {
  roster: { heapMb: 1024, timeoutMs: 120_000 },
  catalogue: { heapMb: 512, timeoutMs: 60_000, keepWarm: true },
  pdf: { heapMb: 512, timeoutMs: 60_000, keepWarm: true },
} as const satisfies Record<string, RunBudget>;

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
export const grouped = (n: number) => n.toLocaleString('en-US');

/** The one refusal of a file past a bound: VALIDATION, naming the file and the bound. */
export function refused(fileName: string, why: string): AppError {
  return new AppError('VALIDATION', `「${fileName}」已拒绝读取：${why}`);
}

export const why = {
  column: (ref: string) =>
    `单元格 ${ref.slice(0, 20)} 超出了 Excel 的最大列 XFD（${grouped(XLSX_MAX_COLUMNS)} 列），文件已损坏或被构造过`,
  rows: (limit: number) => `行数超过 ${grouped(limit)} 行，请分成几个文件`,
  cells: (limit: number) => `单元格总数超过 ${grouped(limit)} 个，请分成几个文件`,
  part: (part: string, limit: number) => `其中的「${part}」解压后超过 ${megabytes(limit)}`,
  strings: (limit: number) => `共享字符串超过 ${grouped(limit)} 个`,
  row: (limit: number) => `有一行的内容超过 ${megabytes(limit)}，或缺少行结束标记 </row>`,
  /** A parser's own error: its English words are not shown, the clerk learns what to do. */
  unreadable: () => '文件打不开，可能已损坏，或不是它应有的格式；请向发来文件的人要一份完好的',
  malformed: (what: string) => `文件结构不完整（${what}），可能已损坏或被构造过`,
  entries: (limit: number) => `压缩包里的条目超过 ${grouped(limit)} 个`,
  field: (limit: number) => `有一个单元格超过 ${grouped(limit)} 个字符`,
  time: (seconds: number) => `读取超过 ${seconds} 秒仍未完成，文件可能被构造过`,
  memory: () => '读取它需要的内存超过了允许的上限，文件可能被构造过（如解压炸弹）',
  pages: (limit: number) => `页数超过 ${grouped(limit)} 页`,
  pageTree: (what: string) => `PDF 的页面树不正常（${what}），文件可能已损坏或被构造过`,
};
