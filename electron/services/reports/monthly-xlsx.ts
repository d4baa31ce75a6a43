import ExcelJS from 'exceljs';
import type { MonthlyReport } from '../../api/reports-types';
import {
  breakdownSections,
  scopeLine,
  summarySection,
  type ReportSection,
  type SectionCell,
} from './monthly-tables';
import { reportSheetOptions, titleRow, workbookBuffer, writeTable, type XlsxCell } from './xlsx-kit';

/**
 * A rate is stored as a number, the fraction the report states (4/7 → 0.5714, i.e. 57.14% as the
 * PDF prints it) in a percentage format, so Excel can compute with it; with nothing to divide
 * it stays "—".
 */
function xlsxCell(cell: SectionCell): XlsxCell {
  if (typeof cell !== 'object') return cell;
  if (cell.percent === null) return cell.text;
  return { value: Math.round(cell.percent * 100) / 10_000, numFmt: '0.00%', text: cell.text };
}

/**
 * The 月通报 workbook: the first sheet is the report itself (title, scope, the table of key
 * figures, A4 portrait), then one sheet per breakdown (A4, header repeated). Only counts and
 * rates (numbers in a percentage format): no names, ID numbers or phones.
 */
export async function monthlyWorkbook(report: MonthlyReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '村级网格台账';
  workbook.created = new Date(report.generatedAt);

  const write = (section: ReportSection, title: string) => {
    const wide = section.columns.length > 6;
    const sheet = workbook.addWorksheet(
      section.sheet,
      reportSheetOptions(wide ? 'landscape' : 'portrait', 3),
    );
    titleRow(sheet, 1, title, section.columns.length, { size: 16, bold: true });
    titleRow(sheet, 2, scopeLine(report), section.columns.length, { size: 10, align: 'left' });
    writeTable(
      sheet,
      3,
      section.columns,
      section.rows.map((row) => row.map(xlsxCell)),
      new Set(section.boldRows),
    );
  };

  write(summarySection(report), report.title);
  for (const section of breakdownSections(report)) {
    write(section, `${report.title}：${section.heading}`);
  }
  return workbookBuffer(workbook);
}
