import type { archiveContract } from '../../api/archive-contract';
import type { HandlersOf } from '../handler-type';
import { catalogueRows, getItem, listItems, listYears } from './catalogue';
import { fileGenerated } from './file-generated';
import { getImport, importPackage, listImports } from './import';
import {
  codeExample,
  deleteItem,
  fileDocument,
  fileUpload,
  listDocuments,
  readItemFile,
  updateItem,
} from './items';
import { exportPackage, exportPackageFile } from './package';
import { sealYear, unsealYear } from './seal';
import { verifyPackage } from './verify';

/** Every method of the archive contract, bound to its service function. */
export const archiveHandlers: HandlersOf<typeof archiveContract> = {
  'archive.list': (ctx, input) => listItems(ctx, input),
  'archive.get': (ctx, input) => getItem(ctx, input.id),
  'archive.fileDocument': (ctx, input) => fileDocument(ctx, input),
  'archive.fileGenerated': (ctx, input) => fileGenerated(ctx, input),
  'archive.fileUpload': (ctx, input) => fileUpload(ctx, input),
  'archive.update': (ctx, input) => updateItem(ctx, input),
  'archive.delete': (ctx, input) => deleteItem(ctx, input.id),
  'archive.file': (ctx, input) => readItemFile(ctx, input.id),
  'archive.years': (ctx) => listYears(ctx),
  'archive.catalogue': (ctx, input) => catalogueRows(ctx, input.year),
  'archive.documents': (ctx, input) => listDocuments(ctx, input),
  'archive.codeExample': (ctx, input) => codeExample(ctx, input),
  'archive.seal': (ctx, input) => sealYear(ctx, input.year),
  'archive.unseal': (ctx, input) => unsealYear(ctx, input),

  // R2 (package.ts, verify.ts, import.ts).
  'archive.export': (ctx, input) => exportPackage(ctx, input),
  'archive.exportFile': (ctx, input) => exportPackageFile(ctx, input),
  'archive.verify': (_ctx, input) => verifyPackage(input.path),
  'archive.importPackage': (ctx, input) => importPackage(ctx, input),
  'archive.imports': (ctx) => listImports(ctx),
  'archive.importDetail': (ctx, input) => getImport(ctx, input.id),
};
