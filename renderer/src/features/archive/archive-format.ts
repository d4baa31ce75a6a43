import {
  RETENTION_LABELS,
  RETENTION_ORDER,
  SECRECY_LEVELS,
  type ArchiveFormat,
  type RetentionCode,
} from '../../../../electron/api/archive-types';
import { PDF_TYPE } from '../../components/pdf-preview';

/** 保管期限 choices, permanent first (the order of the catalogue). */
export const RETENTION_OPTIONS = RETENTION_ORDER.map((code) => ({
  value: code,
  label: `${RETENTION_LABELS[code]}（${code}）`,
}));

export const retentionText = (code: RetentionCode) => `${RETENTION_LABELS[code]}（${code}）`;

/** 密级: blank is the usual unclassified village document, shown as 无. */
export const SECRECY_OPTIONS = SECRECY_LEVELS.map((level) => ({
  value: level,
  label: level || '（不填）',
}));

export const MIME: Record<ArchiveFormat, string> = {
  pdf: PDF_TYPE,
  jpg: 'image/jpeg',
  png: 'image/png',
};

/** 日期 is kept as the catalogue's 8 digits YYYYMMDD (docs/domain.md §6); forms show 2025-04-20. */
export function isoOf8(date: string): string {
  return date.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Where a path is typed: neither door offers a folder picker (the web host's browser cannot
 * hand a folder's path to the page), so the clerk types or pastes it, and is told so.
 */
export const PATH_HELP =
  '这里不弹出选择窗口：请输入或粘贴这台电脑上的完整位置（可在资源管理器的地址栏里复制），' +
  '例如 D:\\移交包\\2025 或 D:\\移交包\\2025.zip。';

/**
 * The default 责任者 the service writes when none is given (items.ts defaultResponsible):
 * 杨柳村 → 杨柳村村民委员会; shown as the field's placeholder.
 */
export function defaultResponsible(villageName: string): string {
  if (!villageName) return '本村村民委员会';
  return `${villageName.endsWith('村') ? villageName : `${villageName}村`}村民委员会`;
}
