import ExcelJS from 'exceljs';
import { AppError } from '../../api/errors';
import { maskSensitiveText } from '../../api/id-number';
import type { FilePayload } from '../../api/roster-io-types';
import type { ServiceContext } from '../context';
import { displayWidth } from '../roster-io/cells';
import { getGrid, gridPath } from '../grids/grids';
import { monthLabel, monthRange } from './periods';
import {
  reportSheetOptions,
  safeFileName,
  titleRow,
  workbookBuffer,
  writeTable,
  type XlsxColumn,
} from './xlsx-kit';

/**
 * 村组网格长月度排查表 (docs/domain.md §3, the monthly routine): one sheet per group grid and month
 * that the grid head fills in, signs and files. One row per household currently in the grid,
 * with what the ledger already knows about the month — the visits made, the problems
 * registered and where they stand, a change of monitoring status — and room for notes. A
 * household not visited yet keeps its columns blank for the grid head to fill in, and every
 * row is at least 8 mm high on paper to write in by hand.
 * A4 landscape, header repeated on every page, a signature line at the bottom. Names only: no
 * ID numbers or phones (free text is masked as well).
 */

export const SCREENING_COLUMNS: XlsxColumn[] = [
  { header: '序号', width: 6, align: 'center' },
  { header: '户主', width: 10 },
  { header: '家庭人口', width: 8, align: 'center' },
  { header: '户类型', width: 10 },
  { header: '监测对象类别', width: 14 },
  { header: '本月走访', width: 22 },
  { header: '发现问题', width: 34 },
  { header: '风险变化/处置情况', width: 26 },
  { header: '备注', width: 14 },
];

const HEADER_ROW = 3;
/** Two ideographic spaces between the header's items. */
const GAP = '\u3000\u3000';

interface HouseholdRow {
  id: number;
  headName: string | null;
  memberCount: number;
  householdType: string;
  monitorCategory: string | null;
  identifiedDate: string | null;
  eliminationStatus: string | null;
  eliminationMethod: string | null;
  eliminationDate: string | null;
}

/** 2026-04-03 → 4月3日: the year is in the sheet's header. */
const dayLabel = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

const numbered = (items: string[]) =>
  items.length === 1 ? items[0]! : items.map((item, i) => `${i + 1}. ${item}`).join('\n');

export interface ScreeningSheet {
  fileName: string;
  buffer: Buffer;
  /** Households listed. */
  rows: number;
}

/**
 * The group and its 组内网格 (docs/domain.md §1: they sit only directly under a group): the
 * group head's sheet lists every household of the 村民小组, split or not.
 */
const GROUP_GRIDS = `(SELECT id FROM grids WHERE id = @gridId OR parent_id = @gridId)`;

export async function screeningSheet(
  ctx: ServiceContext,
  input: { gridId: number; month: string },
): Promise<ScreeningSheet> {
  const grid = getGrid(ctx, input.gridId);
  if (grid.level !== 'group') {
    throw new AppError(
      'VALIDATION',
      `月度排查表按村组网格填写：「${grid.name}」不是村民小组网格，请选择一个村民小组`,
    );
  }
  const { start, end } = monthRange(input.month);
  const path = gridPath(ctx, grid.id);

  const heads = ctx.sqlite
    .prepare(
      `SELECT w.name FROM worker_roles wr JOIN workers w ON w.id = wr.worker_id
       WHERE wr.grid_id = ? AND wr.role = '网格长' AND wr.end_date IS NULL
       ORDER BY wr.start_date, wr.id`,
    )
    .all(grid.id) as { name: string }[];

  const households = ctx.sqlite
    .prepare(
      `SELECT h.id, h.household_type AS householdType, h.monitor_category AS monitorCategory,
              h.identified_date AS identifiedDate, h.elimination_status AS eliminationStatus,
              h.elimination_method AS eliminationMethod, h.elimination_date AS eliminationDate,
              (SELECT m.name FROM members m WHERE m.household_id = h.id AND m.relation = '本人') AS headName,
              (SELECT count(*) FROM members m WHERE m.household_id = h.id) AS memberCount
       FROM household_grids hg JOIN households h ON h.id = hg.household_id
       WHERE hg.grid_id IN ${GROUP_GRIDS} AND hg.end_date IS NULL
       ORDER BY h.id`,
    )
    .all({ gridId: grid.id }) as HouseholdRow[];

  const visits = groupBy(
    ctx.sqlite
      .prepare(
        `SELECT v.household_id AS householdId, v.date, v.way, w.name AS workerName
         FROM visits v
         JOIN household_grids hg ON hg.household_id = v.household_id AND hg.end_date IS NULL
         JOIN workers w ON w.id = v.worker_id
         WHERE hg.grid_id IN ${GROUP_GRIDS} AND v.date BETWEEN @start AND @end
         ORDER BY v.date, v.id`,
      )
      .all({ gridId: grid.id, start, end }) as {
      householdId: number;
      date: string;
      way: string;
      workerName: string;
    }[],
  );
  const problems = groupBy(
    ctx.sqlite
      .prepare(
        `SELECT p.household_id AS householdId, p.description, p.status, p.resolved_date AS resolvedDate
         FROM problems p
         JOIN household_grids hg ON hg.household_id = p.household_id AND hg.end_date IS NULL
         WHERE hg.grid_id IN ${GROUP_GRIDS} AND p.registered_date BETWEEN @start AND @end
         ORDER BY p.registered_date, p.id`,
      )
      .all({ gridId: grid.id, start, end }) as {
      householdId: number;
      description: string;
      status: string;
      resolvedDate: string | null;
    }[],
  );

  const rows = households.map((h, i) => {
    const hv = visits.get(h.id) ?? [];
    const hp = problems.get(h.id) ?? [];
    const visited = hv.length > 0;
    const changes: string[] = hp.map((p) =>
      p.resolvedDate ? `已解决（${dayLabel(p.resolvedDate)}办结）` : p.status,
    );
    if (h.monitorCategory && h.identifiedDate && h.identifiedDate >= start && h.identifiedDate <= end)
      changes.push(`本月识别为监测对象（${h.monitorCategory}）`);
    if (
      h.eliminationStatus === '已消除' &&
      h.eliminationDate &&
      h.eliminationDate >= start &&
      h.eliminationDate <= end
    )
      changes.push(`本月风险消除（${h.eliminationMethod ?? '已消除'}）`);
    const category = h.monitorCategory
      ? `${h.monitorCategory}${h.eliminationStatus === '已消除' ? '（已消除）' : ''}`
      : '';
    return [
      i + 1,
      h.headName ?? '（未登记户主）',
      h.memberCount,
      h.householdType,
      category,
      // A household not visited yet is left blank for the grid head to fill in by hand: only
      // what the ledger records (problems registered, a change of status) is printed, and no
      // "无" / "无变化" that only a visit could establish.
      hv.map((v) => `${dayLabel(v.date)} ${v.way}（${v.workerName}）`).join('\n'),
      hp.length > 0
        ? numbered(hp.map((p) => maskSensitiveText(p.description)))
        : visited
          ? '无'
          : '',
      changes.length > 0 ? numbered(changes) : visited ? '无变化' : '',
      '',
    ];
  });

  const workbook = new ExcelJS.Workbook();
  workbook.creator = '村级网格台账';
  const sheet = workbook.addWorksheet('月度排查表', reportSheetOptions('landscape', HEADER_ROW));
  const width = SCREENING_COLUMNS.length;
  titleRow(sheet, 1, '村组网格长月度排查表', width, { size: 16, bold: true });
  const where = path.slice(-2).join(' ');
  titleRow(
    sheet,
    2,
    `网格：${where}${GAP}网格长：${heads.map((h) => h.name).join('、') || '（未配备）'}${GAP}排查月份：${monthLabel(input.month)}${GAP}农户：${households.length} 户`,
    width,
    { size: 11, align: 'left' },
  );
  const next = writeTable(sheet, HEADER_ROW, SCREENING_COLUMNS, rows);
  setWritingHeights(sheet, rows);
  titleRow(
    sheet,
    next + 1,
    '网格长签字：＿＿＿＿＿＿＿＿　　　　　　日期：＿＿＿＿年＿＿月＿＿日',
    width,
    { size: 12, align: 'left' },
  );
  sheet.getRow(next + 1).height = 36;

  const fileName = safeFileName(`村组网格长月度排查表-${path.slice(-2).join('')}-${input.month}.xlsx`);
  return { fileName, buffer: await workbookBuffer(workbook), rows: rows.length };
}

export async function screeningSheetFile(
  ctx: ServiceContext,
  input: { gridId: number; month: string },
): Promise<FilePayload> {
  const sheet = await screeningSheet(ctx, input);
  return { fileName: sheet.fileName, data: sheet.buffer };
}

/** A household's row is at least 8 mm high on paper, room to write in by hand. */
export const MIN_ROW_MM = 8;
/** Points per line of the body font (11 pt) in a row. */
const LINE_POINTS = 15;
/** A4 landscape width and the side margins of reportSheetOptions, in inches. */
const PAGE_INCHES = 297 / 25.4;
const SIDE_MARGINS_INCHES = 0.8;

/**
 * Pixels (96 dpi) per character of column width. Excel with Calibri gives 7; a program that
 * lays the sheet out in a wider font (LibreOffice without Calibri measured ≈ 9.5) makes the
 * sheet wider, so it is printed smaller: the scale is reckoned with the wider one, so rows stay
 * tall enough on paper either way.
 */
const PIXELS_PER_CHARACTER = 10;

/**
 * How much the sheet is scaled down at most when printed: it fits to one page wide
 * (reportSheetOptions), so a sheet wider than the page prints smaller. A column of width w
 * (characters) is about PIXELS_PER_CHARACTER × w + 5 pixels.
 */
function printScale(sheet: ExcelJS.Worksheet, columnCount: number): number {
  let pixels = 0;
  for (let i = 1; i <= columnCount; i++) {
    pixels += (sheet.getColumn(i).width ?? 8.43) * PIXELS_PER_CHARACTER + 5;
  }
  const printable = (PAGE_INCHES - SIDE_MARGINS_INCHES) * 96;
  return Math.min(1, printable / pixels);
}

/**
 * Row heights (points) for the households' rows: tall enough for their lines (a cell wraps at
 * its column's width) and never under MIN_ROW_MM on paper, the print scale counted in.
 */
function setWritingHeights(sheet: ExcelJS.Worksheet, rows: (string | number)[][]): void {
  const columns = SCREENING_COLUMNS.length;
  const scale = printScale(sheet, columns);
  const least = Math.ceil(((MIN_ROW_MM * 72) / 25.4 / scale) * 10) / 10;
  rows.forEach((values, r) => {
    let lines = 1;
    values.forEach((value, i) => {
      const width = Math.max((sheet.getColumn(i + 1).width ?? 8.43) - 1, 1);
      const count = String(value)
        .split('\n')
        .reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / width)), 0);
      lines = Math.max(lines, count);
    });
    sheet.getRow(HEADER_ROW + 1 + r).height = Math.max(least, lines * LINE_POINTS + 6);
  });
}

function groupBy<T extends { householdId: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.householdId);
    if (list) list.push(row);
    else map.set(row.householdId, [row]);
  }
  return map;
}
