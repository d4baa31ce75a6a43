import ExcelJS from 'exceljs';
import type { FilePayload } from '../../api/roster-io-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import {
  printArea,
  reportSheetOptions,
  safeFileName,
  titleRow,
  workbookBuffer,
  writeTable,
  type XlsxCell,
  type XlsxColumn,
} from '../reports/xlsx-kit';
import { today } from '../roster/people';
import { getSettings } from '../settings/settings';
import { batchRecord, isOverdue, storedRows, type StoredWarningRow } from './lists';

/**
 * The 核查反馈表 (docs/domain.md §11): one row per warned household (a person listed twice is
 * one row), the rows not found listed as 「本村未找到」. It goes back to the department, so it
 * carries the ID numbers in full and says 内部资料 above the table.
 */

const COLUMNS: XlsxColumn[] = [
  { header: '序号', width: 6, align: 'center' },
  { header: '姓名', width: 10 },
  { header: '身份证号', width: 21 },
  { header: '村', width: 10 },
  { header: '预警类型', width: 10 },
  { header: '预警日期', width: 12, align: 'center' },
  { header: '核查结果', width: 24 },
  { header: '是否纳入', width: 10, align: 'center' },
  { header: '核查人', width: 10 },
  { header: '日期', width: 12, align: 'center' },
  { header: '是否超期', width: 8, align: 'center' },
  { header: '备注', width: 24 },
];

export const REPLY_HEADER_ROW = 4;
/** An ideographic space between the facts of the line above the table. */
const GAP = '\u3000';
export const NOT_FOUND = '本村未找到';
export const CHECKING = '核查中';

const distinct = (values: (string | null | undefined)[]) => [
  ...new Set(values.filter((v): v is string => !!v)),
];

/** 是否纳入 from the problem's proposal and decision (docs/domain.md §3). */
function inclusionOf(row: StoredWarningRow): string {
  if (row.decision === '认定' || row.decision === '不予认定') return row.decision;
  if (row.proposal === '拟纳入') return '拟纳入';
  return row.checkedDate ? '未纳入' : '';
}

function memberNames(ctx: ServiceContext, rows: StoredWarningRow[]): string[] {
  const byKey = ctx.sqlite.prepare('SELECT name FROM members WHERE id_key = ?');
  return distinct(
    rows.map(
      (r) =>
        r.name ||
        (r.idNumber
          ? (byKey.get(r.idNumber.slice(0, 18)) as { name: string } | undefined)?.name
          : undefined),
    ),
  );
}

export function replyRows(ctx: ServiceContext, batchId: number): XlsxCell[][] {
  const on = today(ctx);
  const rows = storedRows(ctx, batchId);
  const households = new Map<number, StoredWarningRow[]>();
  const lines: ({ household: number } | { unmatched: StoredWarningRow })[] = [];
  for (const row of rows) {
    if (row.outcome === 'matched' && row.householdId !== null) {
      const group = households.get(row.householdId);
      if (group) group.push(row);
      else {
        households.set(row.householdId, [row]);
        lines.push({ household: row.householdId });
      }
    } else if (row.outcome === 'unmatched') lines.push({ unmatched: row });
  }
  return lines.map((line, i): XlsxCell[] => {
    if ('unmatched' in line) {
      const r = line.unmatched;
      return [
        i + 1,
        r.name,
        r.idNumber,
        r.village,
        r.warningType,
        r.warningDate,
        NOT_FOUND,
        '',
        '',
        '',
        '',
        r.reason,
      ];
    }
    const group = households.get(line.household)!;
    const checked = group.filter((r) => r.checkedDate);
    return [
      i + 1,
      memberNames(ctx, group).join('、'),
      distinct(group.map((r) => r.idNumber)).join('\n'),
      distinct(group.map((r) => r.village)).join('、'),
      distinct(group.map((r) => r.warningType)).join('、'),
      distinct(group.map((r) => r.warningDate)).join('、'),
      checked.length === 0
        ? CHECKING
        : distinct(checked.map((r) => r.checkOutcome || '已核实')).join('；'),
      distinct(group.map(inclusionOf)).join('、'),
      distinct(checked.map((r) => r.checkedBy)).join('、'),
      distinct(checked.map((r) => r.checkedDate)).join('、'),
      group.some((r) => isOverdue(r, on)) ? '是' : '否',
      distinct(group.map((r) => r.reason)).join('；'),
    ];
  });
}

export async function replyFile(ctx: ServiceContext, batchId: number): Promise<FilePayload> {
  const batch = batchRecord(ctx, batchId);
  const rows = replyRows(ctx, batchId);
  const settings = getSettings(ctx);
  const on = today(ctx);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(
    '核查反馈表',
    reportSheetOptions('landscape', REPLY_HEADER_ROW),
  );
  titleRow(sheet, 1, '部门筛查预警核查反馈表', COLUMNS.length, { size: 16, bold: true });
  titleRow(
    sheet,
    2,
    '内部资料：本表含完整身份证号，仅反馈预警部门核对使用，不得公开张贴或转发',
    COLUMNS.length,
    { bold: true },
  );
  titleRow(
    sheet,
    3,
    [
      `预警名单：${batch.fileName}`,
      `预警部门：${batch.department || '—'}`,
      `反馈单位：${settings.villageName || '—'}`,
      `反馈日期：${on}`,
    ].join(GAP),
    COLUMNS.length,
    { align: 'left' },
  );
  const last = writeTable(sheet, REPLY_HEADER_ROW, COLUMNS, rows) - 1;
  sheet.getColumn(3).numFmt = '@';
  sheet.pageSetup.printArea = printArea(COLUMNS.length, Math.max(last, REPLY_HEADER_ROW));
  const data = await workbookBuffer(workbook);
  // The reply carries full ID numbers: who wrote it and when is recorded (counts only).
  inTransaction(ctx, () =>
    audit(ctx, {
      entity: 'warning_batch',
      entityId: batchId,
      action: 'export',
      after: { rows: rows.length },
    }),
  );
  const base = safeFileName(batch.fileName.replace(/\.[^.]+$/, ''));
  return { fileName: `核查反馈表-${base}-${on.replaceAll('-', '')}.xlsx`, data };
}
