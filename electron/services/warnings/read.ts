import { AppError } from '../../api/errors';
import { maskSensitiveText, parseIdNumber } from '../../api/id-number';
import { normalizeDate, normalizeIdNumber, normalizePersonName } from '../../api/normalize';
import {
  WARNING_FIELD_LABELS,
  WARNING_FIELDS,
  type WarningField,
  type WarningMapping,
  type WarningPreview,
  type WarningRowProblem,
} from '../../api/warnings-types';
import { runBounded } from '../files/bounded-run';
import { grouped, RUN_BUDGETS } from '../files/limits';
import type { Cell } from '../roster-io/cells';
import { unpackRows } from '../roster-io/packed-table';
import type { Row } from '../roster-io/read';

/**
 * Reading a department's 预警名单 (docs/domain.md §11 部门筛查预警): the roster import's bounded
 * reader (xlsx streamed in a worker with heap and time limits, CSV in UTF-8 or GBK), the header
 * found among the first rows, its columns mapped to the six fields, every row normalised as the
 * forms do (docs/domain.md §10) with its problems named by row and column.
 */

/** A 预警名单 is a village's share of a county list: a few hundred rows. */
export const WARNING_MAX_ROWS = 20_000;
/** The header is looked for in the first rows (a title and a date line may stand above it). */
const HEADER_SEARCH_ROWS = 20;
const SAMPLE_ROWS = 20;
const MAX_PROBLEMS_SHOWN = 500;

/** Header words → field. Blanks, 「*」 and a colon are ignored; the first match wins. */
const HEADER_WORDS: [WarningField, RegExp][] = [
  ['idNumber', /身份证|证件号|身份号码|证号/],
  ['warningDate', /日期|时间/],
  ['department', /部门|单位|来源/],
  ['warningType', /类型|原因|事项|类别|预警内容|风险/],
  ['village', /^(所在|所属)?(行政)?村(名|名称|别|委会|\(社区\)|（社区）)?$|^村(庄|社区)/],
  ['name', /姓名|名字|预警对象|人员/],
];

const cleanHeader = (text: string) => text.replace(/[\s*＊:：]/g, '');

export interface WarningTable {
  fileName: string;
  sheet: string;
  headerRow: number;
  columns: string[];
  mapping: WarningMapping;
  recognised: boolean;
  /** Data rows (non-empty) under the header. */
  rows: Row[];
}

export const emptyMapping = (): WarningMapping => ({
  idNumber: null,
  name: null,
  village: null,
  warningType: null,
  warningDate: null,
  department: null,
});

function proposeMapping(header: readonly string[]): { mapping: WarningMapping; score: number } {
  const mapping = emptyMapping();
  let score = 0;
  header.forEach((raw, column) => {
    const text = cleanHeader(raw);
    if (!text) return;
    const hit = HEADER_WORDS.find(
      ([field, pattern]) => mapping[field] === null && pattern.test(text),
    );
    if (hit) {
      mapping[hit[0]] = column;
      score++;
    }
  });
  return { mapping, score };
}

const isEmpty = (row: Row) => row.cells.every((c) => c.text.trim() === '');

/**
 * Reads the file within the roster reader's bounds (files/limits.ts) in its bounded worker and
 * finds the header: the row among the first 20 whose words name the most fields. Without any
 * known word the first filled row is the header and the clerk maps every column.
 */
export async function readWarningFile(fileName: string, bytes: Buffer): Promise<WarningTable> {
  const kept: Row[] = [];
  let filled = 0;
  const { sheet } = await runBounded(
    'roster-table',
    { bytes, fileName, sheet: '' },
    {
      fileName,
      budget: RUN_BUDGETS.roster,
      onPart: (part) => {
        for (const row of unpackRows(part)) {
          if (isEmpty(row)) continue;
          filled++;
          // Past the bound only the count goes on: the refusal below names it.
          if (filled <= WARNING_MAX_ROWS + HEADER_SEARCH_ROWS) kept.push(row);
        }
      },
    },
  );
  if (kept.length === 0) throw new AppError('VALIDATION', `「${fileName}」里没有数据`);
  let best = { index: 0, score: 0, mapping: emptyMapping() };
  kept.slice(0, HEADER_SEARCH_ROWS).forEach((row, index) => {
    const { mapping, score } = proposeMapping(row.cells.map((c) => c.text.trim()));
    if (score > best.score) best = { index, score, mapping };
  });
  const header = kept[best.index]!;
  const rows = kept.slice(best.index + 1);
  const dataRows = filled - best.index - 1;
  if (dataRows > WARNING_MAX_ROWS) {
    throw new AppError(
      'VALIDATION',
      `「${fileName}」已拒绝读取：预警名单有 ${grouped(dataRows)} 行，超过 ${grouped(WARNING_MAX_ROWS)} 行。一个村的预警名单不会这样多，请核对是否选错了文件，或按村分开后再导入`,
    );
  }
  if (rows.length === 0) throw new AppError('VALIDATION', `「${fileName}」在表头下面没有数据行`);
  return {
    fileName,
    sheet,
    headerRow: header.row,
    columns: header.cells.map((c) => c.text.trim()),
    mapping: best.mapping,
    recognised: best.score > 0,
    rows,
  };
}

/** One row of the list after normalisation, with its problems. */
export interface WarningInputRow {
  row: number;
  /** Normalised (full-width digits, blanks, x → X); '' when none. */
  idNumber: string;
  /** The 18-character ID inside it (a 20/22-character 残疾人证号 carries one); '' when none. */
  idKey: string;
  name: string;
  village: string;
  warningType: string;
  /** The date as the department wrote it (for the reply when it is no date). */
  warningDateText: string;
  /** YYYY-MM-DD, or null when missing or not a date. */
  warningDate: string | null;
  department: string;
  problems: WarningRowProblem[];
  /** A problem that makes the row unusable for matching (bad ID, neither ID nor name). */
  blocking: boolean;
}

const LIMITS: Partial<Record<WarningField, number>> = {
  name: 30,
  village: 50,
  warningType: 50,
  department: 50,
};

/** The mapping's columns must exist in the header (a stale mapping from another file). */
export function assertMappingFits(table: WarningTable, mapping: WarningMapping): void {
  for (const field of WARNING_FIELDS) {
    const column = mapping[field];
    if (column !== null && column >= table.columns.length) {
      throw new AppError(
        'VALIDATION',
        `「${WARNING_FIELD_LABELS[field]}」选择的是第 ${column + 1} 列，但表头只有 ${table.columns.length} 列；请重新选择文件后再对应各列`,
      );
    }
  }
}

/** Normalises the rows as the forms do and names each problem by row and column. */
export function parseWarningRows(
  table: WarningTable,
  mapping: WarningMapping,
  today: string,
): WarningInputRow[] {
  const label = (field: WarningField) => {
    const column = mapping[field];
    return (column !== null && table.columns[column]) || WARNING_FIELD_LABELS[field];
  };
  const cellOf = (row: Row, field: WarningField): Cell | undefined => {
    const column = mapping[field];
    return column === null ? undefined : row.cells[column];
  };
  return table.rows.map((row) => {
    const problems: WarningRowProblem[] = [];
    let blocking = false;
    const add = (field: WarningField, reason: string, blocks = false) => {
      problems.push({ row: row.row, column: label(field), reason });
      if (blocks) blocking = true;
    };
    const textOf = (field: WarningField) => {
      const text = (cellOf(row, field)?.text ?? '').replace(/\s+/g, ' ').trim();
      const max = LIMITS[field];
      if (max && text.length > max) {
        add(field, `超过 ${max} 个字，请核对`, true);
        return text.slice(0, max);
      }
      return text;
    };
    const idCell = cellOf(row, 'idNumber');
    const rawId = (idCell?.text ?? '').trim();
    let idNumber = rawId ? normalizeIdNumber(rawId) : '';
    let idKey = '';
    if (idCell?.numeric && rawId.length >= 15) {
      add(
        'idNumber',
        '身份证号被存成了数字，后几位已丢失；请把这一列设为「文本」格式后重新填写',
        true,
      );
      idNumber = '';
    } else if (idNumber) {
      const key =
        idNumber.length === 20 || idNumber.length === 22 ? idNumber.slice(0, 18) : idNumber;
      const parsed = parseIdNumber(key);
      if (parsed.ok) idKey = key;
      else add('idNumber', parsed.reason, true);
    }
    const name = normalizePersonName(textOf('name'));
    if (!rawId && !name) add('name', '身份证号和姓名都没有填，无法查找是哪一户', true);
    const dateCell = cellOf(row, 'warningDate');
    const warningDateText = (dateCell?.text ?? '').trim().slice(0, 40);
    let warningDate: string | null = null;
    if (warningDateText) {
      const parsed = normalizeDate(warningDateText, '预警日期', {
        serial: dateCell?.numeric ?? false,
      });
      if (!parsed.ok) add('warningDate', `${parsed.message}；核查时限按导入当天计算`);
      else if (parsed.value > today)
        add('warningDate', `预警日期 ${parsed.value} 晚于今天（${today}），请核对`, true);
      else warningDate = parsed.value;
    }
    return {
      row: row.row,
      idNumber,
      idKey,
      name,
      village: textOf('village'),
      warningType: textOf('warningType'),
      warningDateText,
      warningDate,
      department: textOf('department'),
      problems,
      blocking,
    };
  });
}

/** The preview: header, proposed mapping, the first rows (numbers masked) and the problems. */
export function previewOf(
  table: WarningTable,
  mapping: WarningMapping,
  today: string,
): WarningPreview {
  const problems = parseWarningRows(table, mapping, today).flatMap((r) => r.problems);
  return {
    fileName: table.fileName,
    sheet: table.sheet,
    headerRow: table.headerRow,
    columns: table.columns,
    mapping,
    recognised: table.recognised,
    rowCount: table.rows.length,
    sample: table.rows.slice(0, SAMPLE_ROWS).map((row) => ({
      row: row.row,
      cells: table.columns.map((_, i) => maskSensitiveText(row.cells[i]?.text ?? '')),
    })),
    problemCount: problems.length,
    problems: problems.slice(0, MAX_PROBLEMS_SHOWN),
  };
}
