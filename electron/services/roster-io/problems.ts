import ExcelJS from 'exceljs';
import type { Table } from './read';

import type { Problem } from '../../api/roster-io-types';

export type { Problem };

/** Problems sorted by row, then by column order in the file. */
export function sortProblems(problems: Problem[], header: string[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.row - b.row || header.indexOf(a.column) - header.indexOf(b.column),
  );
}

/**
 * The original rows with an 错误说明 column, rows with problems shaded, so the clerk corrects
 * the file where it stands and imports it again.
 */
export async function problemsWorkbook(table: Table, problems: Problem[]): Promise<Buffer> {
  const byRow = new Map<number, string[]>();
  for (const p of problems)
    byRow.set(p.row, [...(byRow.get(p.row) ?? []), `「${p.column}」${p.reason}`]);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.sheet);
  const header = [...table.header, '错误说明'];
  sheet.addRow(header).font = { bold: true };
  if (byRow.has(1))
    sheet.getCell(1, header.length).value = `错误说明（表头：${byRow.get(1)!.join('；')}）`;
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  header.forEach((_, i) => {
    sheet.getColumn(i + 1).width = i === header.length - 1 ? 60 : 14;
    sheet.getColumn(i + 1).numFmt = '@';
  });
  for (const { row, cells } of table.rows) {
    const reasons = byRow.get(row);
    // Each row stays at its row number, so 「第 N 行」 in the preview is row N here too.
    const added = sheet.getRow(row);
    // Rows end at their last filled cell: pad them so the explanation stays in its column.
    added.values = [...table.header.map((_, i) => cells[i]?.text ?? ''), reasons?.join('；') ?? ''];
    if (reasons) {
      added.eachCell((cell) => {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE2E2' } };
      });
      added.getCell(header.length).font = { color: { argb: 'FFC00000' } };
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
