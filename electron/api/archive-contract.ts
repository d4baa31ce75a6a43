import { z } from 'zod';
import {
  archiveById,
  archiveByYear,
  archiveDeleteInput,
  archiveFiledInput,
  archiveDocumentsInput,
  archiveExportInput,
  archiveListInput,
  archivePathInput,
  archiveUnsealInput,
  archiveUpdateInput,
  codeExampleInput,
  fileDocumentInput,
  fileGeneratedInput,
  fileUploadInput,
} from './archive-schemas';
import type {
  ArchivalCodeExample,
  ArchiveDeleteResult,
  ArchiveItem,
  ArchiveYear,
  CatalogueRow,
  ExportResult,
  FileableDocument,
  FiledRecord,
  ImportDetail,
  ImportResult,
  ImportSummary,
  VerifyResult,
} from './archive-types';
import { method } from './method';
import type { FilePayload } from './roster-io-types';

/**
 * 档案管理 (docs/domain.md §6, DA/T 22-2015), merged into the one contract.
 *
 * Archive items (R1: electron/services/archive/items.ts, seal.ts, catalogue.ts,
 * file-generated.ts): filing, 档号 and 件号 without gaps, sealed years, the catalogue.
 *
 * Export, verify, import (R2): handlers call, with exactly these names and signatures,
 *   electron/services/archive/package.ts
 *     exportPackage(ctx, { year, folder?, zip?, onProgress? }): Promise<ExportResult>
 *     exportPackageFile(ctx, { year }): Promise<FilePayload>   (the .zip, for the web host)
 *   electron/services/archive/verify.ts
 *     verifyPackage(path: string): Promise<VerifyResult>
 *   electron/services/archive/import.ts
 *     importPackage(ctx, { path }): Promise<ImportResult>
 *     listImports(ctx): ImportSummary[] | Promise<ImportSummary[]>
 *     getImport(ctx, id: number): ImportDetail | Promise<ImportDetail>
 */
export const archiveContract = {
  /** Items in 档号 order (年度, 保管期限 永久→30年→10年, 机构, 件号) with the catalogue fields. */
  'archive.list': method<ArchiveItem[]>()(archiveListInput),
  'archive.get': method<ArchiveItem>()(archiveById),
  /**
   * Files a kept document (公示公告, 明白纸, …) as one item: 题名, 日期, 责任者, 类别 and
   * 保管期限 default from the document and the settings; the next 件号 of its sequence.
   */
  'archive.fileDocument': method<ArchiveItem>()(fileDocumentInput),
  /** Makes the PDF (ledger, 月通报, 会商记录), keeps it as a document and files it. */
  'archive.fileGenerated': method<ArchiveItem>()(fileGeneratedInput),
  /** Files a scan (PDF/JPG/PNG ≤ 50 MB, checked by its bytes); 一户一档 with householdId. */
  'archive.fileUpload': method<ArchiveItem>()(fileUploadInput),
  /**
   * Changes catalogue fields (never the file). A new 年度 or 保管期限 moves the item to the end
   * of that sequence and closes the gap it leaves. Refused in a sealed year.
   */
  'archive.update': method<ArchiveItem>()(archiveUpdateInput),
  /**
   * Deletes an item. Not yet handed over: the later items of its sequence move up one (件号 and
   * 档号). Handed over (exported or sealed): only with a reason; its number stays unused and a
   * line goes into its box's 备考表.
   */
  'archive.delete': method<ArchiveDeleteResult>()(archiveDeleteInput),
  /** The records of one generated kind already filed (月通报, ledger, minutes), by filedKey. */
  'archive.filed': method<FiledRecord[]>()(archiveFiledInput),
  /** The stored original (PDF, JPG or PNG), refused if its SHA-256 no longer matches. */
  'archive.file': method<FilePayload>()(archiveById),
  /** Years with items (and sealed years), newest first. */
  'archive.years': method<ArchiveYear[]>()(z.strictObject({}).optional()),
  /** The 归档文件目录 of a year (序号, 档号, 文号, 责任者, 题名, 日期, 密级, 页数, 备注). */
  'archive.catalogue': method<CatalogueRow[]>()(archiveByYear),
  /** Kept documents that can be filed, with the item each is filed as (if any). */
  'archive.documents': method<FileableDocument[]>()(archiveDocumentsInput),
  /** The 档号 a preset or custom pattern gives for a sample item; refuses a bad pattern. */
  'archive.codeExample': method<ArchivalCodeExample>()(codeExampleInput),
  /** Locks a year: no filing into it, no edit, delete or renumbering (audited). */
  'archive.seal': method<ArchiveYear>()(archiveByYear),
  /** Unlocks a sealed year; the reason is kept in the audit log. */
  'archive.unseal': method<ArchiveYear>()(archiveUnsealInput),

  // R2: export package, verify, read-only import.
  /** The year's package as a folder (default <data>/exports/<年度>-<time>/), optionally zipped. */
  'archive.export': method<ExportResult>()(archiveExportInput),
  /** The year's package as a .zip FilePayload (the web host's download). */
  'archive.exportFile': method<FilePayload>()(archiveByYear),
  /** Re-hashes a package folder or .zip against its manifest; 账账相符. */
  'archive.verify': method<VerifyResult>()(archivePathInput),
  /** Loads another village's package read-only (a failing package is loaded but marked). */
  'archive.importPackage': method<ImportResult>()(archivePathInput),
  'archive.imports': method<ImportSummary[]>()(z.strictObject({}).optional()),
  'archive.importDetail': method<ImportDetail>()(archiveById),
  /** Removes a loaded package (e.g. a damaged copy) and its files in imports/<id>/ (audited). */
  'archive.removeImport': method<{ id: number }>()(archiveById),
} as const;
