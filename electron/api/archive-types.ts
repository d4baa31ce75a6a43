/**
 * Results of the archive methods (档案管理, docs/domain.md §6, DA/T 22-2015 filing by item).
 *
 * Part 1 (R1): archive items, 档号 and 件号, sealed years, the catalogue.
 * Part 2 (R2, marked below): the export package, verify and read-only import.
 */

/** 保管期限: 永久, 30 年, 10 年. */
export type RetentionCode = 'Y' | 'D30' | 'D10';
export const RETENTION_LABELS: Record<RetentionCode, string> = {
  Y: '永久',
  D30: '30年',
  D10: '10年',
};
/** Catalogues are kept per retention, permanent first (the order of the 档号 listing). */
export const RETENTION_ORDER: readonly RetentionCode[] = ['Y', 'D30', 'D10'];

/** 密级: blank for the usual unclassified village document. */
export const SECRECY_LEVELS = ['', '公开', '内部', '秘密', '机密'] as const;
export type SecrecyLevel = (typeof SECRECY_LEVELS)[number];

/** The original file's kind; images become PDF pages in an exported package. */
export type ArchiveFormat = 'pdf' | 'jpg' | 'png';

/** What archive.fileGenerated makes the PDF of before filing it. */
export const GENERATED_KINDS = ['ledger', 'monthlyReport', 'minutes'] as const;
export type GeneratedKind = (typeof GENERATED_KINDS)[number];

/** The `documents.kind` a generated PDF is kept under (and shown as). */
export const GENERATED_DOCUMENT_KINDS: Record<GeneratedKind, string> = {
  ledger: '问题登记台账',
  monthlyReport: '月通报',
  minutes: '月度会商记录',
};

/**
 * What the program files (docs/domain.md §6): each kind has ONE 归档类别 in the settings
 * (`archiveKinds`), and the category its 保管期限, so the same kind is never filed under two
 * retention periods. A 结果公告 is filed as the kind of the notice it announces.
 */
export const ARCHIVE_KINDS = [
  '监测对象识别认定公示',
  '帮扶措施公示',
  '风险消除公示',
  '网格划分及网格员公示',
  '其他公示',
  '明白纸',
  '问题登记台账',
  '月通报',
  '月度会商记录',
  '其他文件',
  '上传的扫描件',
  '一户一档扫描件',
] as const;
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];

/**
 * The record a generated item was made from, so the same record is filed once
 * (archive_items.source_key): the 月通报 of a month for the village or a grid, the ledger of a
 * year for the village or a grid, one meeting's minutes.
 */
export const filedKey = {
  ledger: (year: number, gridId?: number | null) => `${year}:${gridId ?? 'village'}`,
  monthlyReport: (month: string, gridId?: number | null) => `${month}:${gridId ?? 'village'}`,
  minutes: (meetingId: number) => String(meetingId),
};
export const sourceKeyOf = (kind: GeneratedKind, key: string) => `${kind}:${key}`;

/** archive.filed: a generated record already filed, under its key (filedKey). */
export interface FiledRecord {
  key: string;
  itemId: number;
  archivalCode: string;
  title: string;
}

/** One 归档文件 with its catalogue fields. */
export interface ArchiveItem {
  id: number;
  /** 全宗号, 门类代码, 年度, 保管期限, 机构(问题) code and name: the 件号 sequence's key. */
  fondsCode: string;
  classCode: string;
  year: number;
  retention: RetentionCode;
  orgCode: string;
  orgName: string;
  /** 件号, 1… without gaps within the sequence. */
  itemNo: number;
  /** 档号, e.g. Z109-WS·2023-D30-FFP-0001. */
  archivalCode: string;
  /** 文号 (often empty for village documents). */
  docNo: string;
  /** 责任者, e.g. 鹿林村村民委员会. */
  responsible: string;
  /** 题名; one made up by the filer is in [ ]. */
  title: string;
  /** 日期, 8 digits YYYYMMDD. */
  date: string;
  secrecy: string;
  pages: number;
  note: string;
  /** 综合类, 精准识别类, … (the settings' list). */
  category: string;
  format: ArchiveFormat;
  size: number;
  sha256: string;
  /** The generated document it was filed from (a notice, a card batch, …), if any. */
  documentId: number | null;
  documentKind: string | null;
  /** 一户一档: the household and its head's name. */
  householdId: number | null;
  householdHead: string | null;
  /** The item's year is sealed: no change until an audited unseal. */
  sealed: boolean;
  /** When it first left the office in an export package, if it did. */
  exportedAt: string | null;
  /**
   * 件号 and 档号 are fixed (handed over: exported, sealed, or at or below a handed-over
   * number): never renumbered; deleting it needs a reason, kept in its box's 备考表.
   */
  fixed: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A 年度 in the archive: counts and whether it is sealed. */
export interface ArchiveYear {
  year: number;
  items: number;
  pages: number;
  byRetention: { retention: RetentionCode; items: number }[];
  byCategory: { category: string; items: number }[];
  sealed: boolean;
  sealedAt: string | null;
  sealedBy: string | null;
}

/**
 * One row of the 归档文件目录 (docs/domain.md §6), in 档号 order: the nine catalogue columns
 * 序号, 档号, 文号, 责任者, 题名, 日期, 密级, 页数, 备注 first, then what the export package
 * needs besides (归档章 fields, the folder 电子档案/<年度>/<类别>/, the stored file and its hash).
 */
export interface CatalogueRow {
  /** 序号: 1… in the order of the rows. */
  seq: number;
  archivalCode: string;
  docNo: string;
  responsible: string;
  title: string;
  /** YYYYMMDD. */
  date: string;
  secrecy: string;
  pages: number;
  note: string;

  itemId: number;
  fondsCode: string;
  classCode: string;
  year: number;
  retention: RetentionCode;
  orgCode: string;
  orgName: string;
  itemNo: number;
  category: string;
  format: ArchiveFormat;
  /** Relative to the data folder (archive/…). */
  file: string;
  sha256: string;
  size: number;
}

/** A generated document that can be filed (a notice, a card batch, …), and whether it is. */
export interface FileableDocument {
  id: number;
  kind: string;
  title: string;
  docDate: string;
  pages: number;
  archiveItemId: number | null;
  archivalCode: string | null;
}

/** archive.codeExample: the 档号 a pattern gives for a sample item. */
export interface ArchivalCodeExample {
  example: string;
}

/**
 * archive.delete: how many later items of its sequence moved up (0 for a fixed item, whose
 * number stays unused and is written in its box's 备考表: `numberKept`).
 */
export interface ArchiveDeleteResult {
  id: number;
  renumbered: number;
  numberKept: boolean;
}

/** A handed-over item that was deleted: its 件号 unused, a line in its box's 备考表. */
export interface ArchiveRemoval {
  fondsCode: string;
  classCode: string;
  year: number;
  retention: RetentionCode;
  orgCode: string;
  itemNo: number;
  archivalCode: string;
  title: string;
  removedAt: string;
  reason: string;
  operator: string;
}

// ─────────────────────────────────────────────────────────────────────────────────────────
// Part 2 (R2): export package, verify, read-only import. R2 owns the meaning of these; R1
// declared them so the contract and the UI could start. R2: change them here if needed.
// ─────────────────────────────────────────────────────────────────────────────────────────

/** archive.export: the package written as a folder (and optionally a .zip beside it). */
export interface ExportResult {
  /** Absolute path of the package folder. */
  folder: string;
  /** Absolute path of the .zip, when asked for. */
  zipFile: string | null;
  /** Catalogue items, and files written (manifest excluded), their bytes and the time taken. */
  items: number;
  files: number;
  bytes: number;
  millis: number;
}

/** archive.verify: every file re-hashed against the manifest, and 账账相符. */
export interface VerifyResult {
  ok: boolean;
  /** Files re-hashed. */
  checked: number;
  /** Paths relative to the package root. */
  missing: string[];
  changed: string[];
  extra: string[];
  /** 账账相符: items in 归档文件目录.xlsx, in 文件目录.XML and 电子档案 files in the manifest. */
  catalogue: { items: number; xmlItems: number; manifestFiles: number; agree: boolean };
  /**
   * Every problem found, one Chinese sentence each (missing, changed and extra files, manifest
   * lines that cannot be read, catalogue disagreements), for the UI and the CLI to list as is.
   * Empty when ok.
   */
  problems: string[];
}

/** A package loaded read-only (archive.imports, archive.importPackage). */
export interface ImportSummary {
  id: number;
  /** Who made it (from 说明文件.TXT), e.g. 杨柳村村民委员会. */
  label: string;
  /** The package's own folder or .zip name. */
  sourceName: string;
  fondsCode: string;
  /** 年度 of the package (from 说明文件.TXT or 文件目录.XML), null when it does not say. */
  year: number | null;
  /** Absolute path of the kept copy (<data>/imports/<id>/). */
  folder: string;
  itemCount: number;
  fileCount: number;
  /** The verification made when it was loaded (a failing package is loaded but marked). */
  check: VerifyResult;
  createdAt: string;
}

export type ImportResult = ImportSummary;

/** One catalogue row of an imported package, as its 文件目录.XML lists it. */
export interface ImportItem {
  seq: number;
  archivalCode: string;
  responsible: string;
  title: string;
  date: string;
  secrecy: string;
  fileName: string;
  note: string;
}

export interface ImportDetail extends ImportSummary {
  items: ImportItem[];
}
