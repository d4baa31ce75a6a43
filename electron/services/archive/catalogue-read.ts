import { SHEET_LIMITS } from '../files/limits';
import { readXlsxSheet, xlsxBounds, xlsxSheetNames } from '../roster-io/xlsx-reader';

/** What a catalogue should look like (catalogue-files.ts, passed in: the worker stays light). */
export interface CatalogueShape {
  file: string;
  sheet: string;
  headers: readonly string[];
}

/**
 * The 档号 column of 归档文件目录.xlsx (rows after the header) over every catalogue sheet —
 * one per 年度-保管期限, or the single 「归档文件目录」 of packages made before — and whether
 * each header is right. One budget of rows and cells spans all sheets (a workbook listing the
 * same sheet a thousand times reads it within the bounds of one catalogue). Runs in
 * runBounded's worker (verify.ts).
 */
export async function catalogueCodes(
  buffer: Buffer,
  shape: CatalogueShape,
): Promise<{ codes: string[]; problems: string[] }> {
  const { file: XLSX_FILE, sheet: CATALOGUE_SHEET, headers: CATALOGUE_HEADERS } = shape;
  const fileName = XLSX_FILE;
  const names = xlsxSheetNames(buffer, fileName);
  if (names.length === 0) {
    return { codes: [], problems: [`${XLSX_FILE} 里没有「${CATALOGUE_SHEET}」工作表`] };
  }
  const bounds = xlsxBounds(fileName, SHEET_LIMITS.catalogue);
  const problems: string[] = [];
  const codes: string[] = [];
  for (const name of names) {
    const sheet = await readXlsxSheet(buffer, name, bounds);
    if (!sheet) continue;
    const header = sheet.rows[0]?.cells.map((c) => c.text.trim()) ?? [];
    if (CATALOGUE_HEADERS.some((h, i) => header[i] !== h)) {
      problems.push(
        `${XLSX_FILE} 的工作表「${name}」表头应为 ${CATALOGUE_HEADERS.join('、')}，实为 ${header.join('、') || '空'}`,
      );
    }
    codes.push(
      ...sheet.rows
        .slice(1)
        .map((row) => row.cells[1]?.text.trim() ?? '')
        .filter((code) => code !== ''),
    );
  }
  return { codes, problems };
}
