import ExcelJS from 'exceljs';
import type { MeetingDetail } from '../../api/visits-types';
import { displayWidth } from '../roster-io/cells';
import { THIN_BORDER } from '../roster-io/sheet-layout';

/**
 * 月度会商记录 as a paper form on one A4 portrait sheet: the title, one row per field (label
 * on the left, text on the right), the linked problems as a small table, and signature lines.
 * Five columns; labels span A:B and texts C:E, the problem table uses all five.
 */

export const MEETING_SHEET = '月度会商记录';
export const MEETING_TITLE = '月度会商记录';
export const PROBLEM_HEADER = ['序号', '登记日期', '户主/反映人', '问题描述', '状态'] as const;

/** Column widths in characters (CJK = 2): about 86 in all, one A4 portrait width at 100%. */
const WIDTHS = [6, 12, 14, 42, 10];
const VALUE_WIDTH = WIDTHS[2]! + WIDTHS[3]! + WIDTHS[4]!;
const LINE_HEIGHT = 16;
const FONT = { name: '宋体', size: 11 };

/**
 * exceljs cannot size rows to wrapped text, and spreadsheet programs do not grow merged cells
 * by themselves: estimate the lines (CJK counts 2) so long decisions are not cut off in print.
 */
function rowHeight(text: string, width: number, minLines = 1): number {
  const lines = text
    .split('\n')
    .reduce((sum, line) => sum + Math.max(1, Math.ceil(displayWidth(line) / (width - 1))), 0);
  return Math.max(minLines, lines) * LINE_HEIGHT + 6;
}

export async function meetingWorkbook(meeting: MeetingDetail): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(MEETING_SHEET, {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.6, right: 0.6, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  WIDTHS.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });

  const title = sheet.addRow([MEETING_TITLE]);
  sheet.mergeCells(title.number, 1, title.number, 5);
  title.height = 36;
  title.getCell(1).font = { ...FONT, size: 18, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };

  const field = (label: string, value: string, minLines = 1) => {
    const row = sheet.addRow([label, '', value]);
    sheet.mergeCells(row.number, 1, row.number, 2);
    sheet.mergeCells(row.number, 3, row.number, 5);
    row.height = rowHeight(value, VALUE_WIDTH, minLines);
    row.getCell(1).font = { ...FONT, bold: true };
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    row.getCell(3).font = FONT;
    row.getCell(3).alignment = { vertical: 'top', wrapText: true };
    for (let c = 1; c <= 5; c++) row.getCell(c).border = THIN_BORDER;
  };
  field('网格', meeting.gridPath.join(' / '));
  field('会商日期', meeting.date);
  field('会商地点', meeting.place);
  field('主持人', meeting.host);
  field('记录人', meeting.recorder);
  field('参会人员', meeting.attendees, 2);
  field('会商议题', meeting.topics, 3);
  field('会商决定', meeting.decisions, 4);

  const caption = sheet.addRow([`关联问题（${meeting.problems.length} 个）`]);
  sheet.mergeCells(caption.number, 1, caption.number, 5);
  caption.height = 24;
  caption.getCell(1).font = { ...FONT, bold: true };
  caption.getCell(1).alignment = { vertical: 'middle' };
  for (let c = 1; c <= 5; c++) caption.getCell(c).border = THIN_BORDER;

  const header = sheet.addRow([...PROBLEM_HEADER]);
  header.height = 22;
  header.eachCell((cell) => {
    cell.font = { ...FONT, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.border = THIN_BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });
  if (meeting.problems.length === 0) {
    const none = sheet.addRow(['无']);
    sheet.mergeCells(none.number, 1, none.number, 5);
    none.getCell(1).alignment = { horizontal: 'center' };
    for (let c = 1; c <= 5; c++) none.getCell(c).border = THIN_BORDER;
  }
  meeting.problems.forEach((problem, i) => {
    const row = sheet.addRow([
      i + 1,
      problem.registeredDate,
      problem.headName,
      problem.description,
      problem.status,
    ]);
    row.height = rowHeight(problem.description, WIDTHS[3]!);
    row.eachCell((cell, col) => {
      cell.font = FONT;
      cell.border = THIN_BORDER;
      cell.alignment =
        col === 4
          ? { vertical: 'top', wrapText: true }
          : { horizontal: 'center', vertical: 'top', wrapText: true };
    });
  });

  sheet.addRow([]);
  const sign = sheet.addRow(['主持人签字：', '', '', '记录人签字：']);
  sheet.mergeCells(sign.number, 1, sign.number, 3);
  sign.height = 30;
  sign.eachCell((cell) => {
    cell.font = FONT;
    cell.alignment = { vertical: 'bottom' };
  });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
