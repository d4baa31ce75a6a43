import path from 'node:path';
import type { archiveContract } from '../../api/archive-contract';
import { AppError } from '../../api/errors';
import type { HandlersOf } from '../handler-type';
import { catalogueRows, getItem, listItems, listYears } from './catalogue';
import { fileGenerated, filedRecords } from './file-generated';
import { getImport, importPackage, listImports, removeImport } from './import';
import {
  codeExample,
  deleteItem,
  fileDocument,
  fileUpload,
  listDocuments,
  readItemFile,
  updateItem,
} from './items';
import { exportPackage } from './package';
import { inWorkerJob } from '../jobs/worker-run';
import { sealYear, unsealYear } from './seal';
import { verifyPackage } from './verify';

/**
 * The contract accepts both / … and C:\ … (it is shared with the renderer); on this PC only
 * its own absolute paths are used: C:\x on Linux would be resolved against the program's
 * folder and an export written there (issue 7, attack tests).
 */
function localPath(value: string, label: string): string {
  if (!path.isAbsolute(value)) {
    throw new AppError('VALIDATION', `${label}应为本机的完整路径：${value.slice(0, 100)}`);
  }
  return value;
}

/** Every method of the archive contract, bound to its service function. */
export const archiveHandlers: HandlersOf<typeof archiveContract> = {
  'archive.list': (ctx, input) => listItems(ctx, input),
  'archive.get': (ctx, input) => getItem(ctx, input.id),
  'archive.fileDocument': (ctx, input) => fileDocument(ctx, input),
  'archive.fileGenerated': (ctx, input) => fileGenerated(ctx, input),
  'archive.fileUpload': (ctx, input) => fileUpload(ctx, input),
  'archive.update': (ctx, input) => updateItem(ctx, input),
  'archive.delete': (ctx, input) => deleteItem(ctx, input),
  'archive.filed': (ctx, input) => filedRecords(ctx, input.kind),
  'archive.file': (ctx, input) => readItemFile(ctx, input.id),
  'archive.years': (ctx) => listYears(ctx),
  'archive.catalogue': (ctx, input) => catalogueRows(ctx, input.year),
  'archive.documents': (ctx, input) => listDocuments(ctx, input),
  'archive.codeExample': (ctx, input) => codeExample(ctx, input),
  'archive.seal': (ctx, input) => sealYear(ctx, input.year),
  'archive.unseal': (ctx, input) => unsealYear(ctx, input),

  // R2 (package.ts, verify.ts, import.ts).
  'archive.export': (ctx, input) =>
    exportPackage(ctx, {
      ...input,
      folder: input.folder === undefined ? undefined : localPath(input.folder, '导出位置'),
    }),
  // In a worker thread on its own snapshot (issue 15 item 2: no call holds the window).
  'archive.exportFile': (ctx, input) =>
    inWorkerJob(ctx, 'export', 'archive-export', input, '导出档案包'),
  'archive.verify': (_ctx, input) => verifyPackage(localPath(input.path, '档案包的位置')),
  'archive.importPackage': (ctx, input) =>
    importPackage(ctx, { path: localPath(input.path, '档案包的位置') }),
  'archive.imports': (ctx) => listImports(ctx),
  'archive.importDetail': (ctx, input) => getImport(ctx, input.id),
  'archive.removeImport': (ctx, input) => removeImport(ctx, input.id),
};
