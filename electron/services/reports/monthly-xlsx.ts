import ExcelJS from 'exceljs';
import type { MonthlyReport } from '../../api/reports-types';
import { breakdownSections, scopeLine, summarySection, type ReportSection } from './monthly-tables';
import { reportSheetOptions, titleRow, workbookBuffer, writeTable } from './xlsx-kit';

/**
 * The 月通报 workbook: the first sheet is the report itself (title, scope, the table of key
 * figures, A4 portrait), then one sheet per breakdown (A4, header repeated). Only counts and
 * rates: no names, ID numbers or phones.
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
    writeTable(sheet, 3, section.columns, section.rows, new Set(section.boldRows));
  };

  write(summarySection(report), report.title);
  for (const section of breakdownSections(report)) {
    write(section, `${report.title}：${section.heading}`);
  }
  return workbookBuffer(workbook);
}
