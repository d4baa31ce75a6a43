import ExcelJS from 'exceljs';
import type { Bulletin, TownshipMonthly } from '../../../api/township-outputs-types';
import type { SectionCell } from '../../reports/monthly-tables';
import {
  reportSheetOptions,
  titleRow,
  workbookBuffer,
  writeTable,
  type XlsxCell,
} from '../../reports/xlsx-kit';
import { numberLine } from './bulletin-pdf';
import { townshipScopeLine, townshipSections } from './tables';

/** A rate as the number it states (0.9161) in a percentage format; "—" stays text (as the village's 月通报). */
const cell = (c: SectionCell): XlsxCell =>
  typeof c !== 'object'
    ? c
    : c.percent === null
      ? c.text
      : { value: Math.round(c.percent * 100) / 10_000, numFmt: '0.00%', text: c.text };

/**
 * The 月通报 across villages as a workbook (docs/domain.md §11): with a bulletin, its first sheet
 * is the 通报 itself (title, number, the three sections); then 分村情况 and the two rankings,
 * each A4 with its header row frozen and repeated on every printed page.
 */
export async function townshipWorkbook(
  monthly: TownshipMonthly,
  bulletin?: Bulletin,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '村级网格台账';
  workbook.created = new Date(monthly.generatedAt);
  const title = bulletin?.title ?? monthly.title;

  if (bulletin) {
    const sheet = workbook.addWorksheet('通报', reportSheetOptions('portrait', 1));
    sheet.getColumn(1).width = 90;
    titleRow(sheet, 1, bulletin.title, 1, { size: 16, bold: true });
    titleRow(sheet, 2, numberLine(bulletin), 1, { size: 12 });
    let row = 3;
    const parts: [string, string][] = [
      ['一、基本情况', bulletin.sections.basic],
      ['二、存在问题', bulletin.sections.problems],
      ['三、下步工作', bulletin.sections.nextSteps],
    ];
    for (const [heading, text] of parts) {
      const h = sheet.getCell(row++, 1);
      h.value = heading;
      h.font = { bold: true, size: 12 };
      const body = sheet.getCell(row, 1);
      body.value = text;
      body.alignment = { wrapText: true, vertical: 'top' };
      sheet.getRow(row).height = Math.max(
        30,
        Math.ceil(text.length / 40 + text.split('\n').length) * 16,
      );
      row += 1;
    }
  }

  for (const section of townshipSections(monthly)) {
    const sheet = workbook.addWorksheet(
      section.sheet,
      reportSheetOptions(section.columns.length > 6 ? 'landscape' : 'portrait', 3),
    );
    titleRow(sheet, 1, `${title}：${section.heading}`, section.columns.length, {
      size: 14,
      bold: true,
    });
    titleRow(sheet, 2, townshipScopeLine(monthly), section.columns.length, {
      size: 10,
      align: 'left',
    });
    writeTable(
      sheet,
      3,
      section.columns,
      section.rows.map((r) => r.map(cell)),
      new Set(section.boldRows),
    );
  }
  return workbookBuffer(workbook);
}
