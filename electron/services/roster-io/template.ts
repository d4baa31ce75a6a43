import ExcelJS from 'exceljs';
import { DATE_FORMS_HINT, ID_NUMBER_HINT, NAME_HINT, PHONE_HINT } from '../../api/normalize';
import type { ServiceContext } from '../context';
import {
  COLUMNS,
  INSTRUCTIONS_SHEET,
  LISTS_SHEET,
  SHEETS,
  type Column,
  type RosterKind,
} from './columns';
import { gridNames } from './grid-names';
import { columnLetter, layoutSheet, sheetOptions } from './sheet-layout';

/** Rows a template prepares drop-downs and text format for. */
const TEMPLATE_ROWS = 5000;

const INSTRUCTIONS: Record<RosterKind, string[]> = {
  households: [
    '农户与成员导入模板 填写说明',
    '',
    '1. 一户有几口人就填几行，每行一位成员；同一户的每一行都要填「户主身份证号」，程序按它把成员归到同一户。',
    '2. 户的信息（网格、住址、户类型、监测对象类别、风险类型等）以户主那一行为准，其他成员行可以留空。',
    '3. 「网格（村民小组）」填最下一级网格的名称，可从下拉列表选择；两个村都有「一组」时写「杨柳村/一组」。',
    `4. 身份证号：${ID_NUMBER_HINT}。这一列已设为文本格式，请勿改成数字，否则后几位会丢失；残疾人证号也填在这一列。`,
    `5. 日期写成 ${DATE_FORMS_HINT}，Excel 的日期格式单元格也可以。`,
    `6. 联系电话：${PHONE_HINT}。`,
    `7. ${NAME_HINT}。是否类的列填「是」或「否」，空着算「否」。`,
    '8. 风险类型最多 5 项，用顿号分开，例如：因病、因学；自然灾害写成「因自然灾害（洪涝）」。',
    '9. 务工地点和务工时长（月）要么都填，要么都不填。',
    '10. 导入前程序会先检查整份文件，列出每一处问题（工作表、行、列和原因）；没有问题才会写入，也可以选择「只导入没有问题的户」。',
    '11. 同一份文件再导入一次不会重复登记：按户主身份证号找到原来的户并更新。',
    '',
    '示例（一户两人）：',
    '一组 | 532529197001010014 | … | 张三 | 男 | 532529197001010014 | 本人',
    '一组 | 532529197001010014 | … | 王芳 | 女 | 532529197203050022 | 配偶',
  ],
  workers: [
    '网格员导入模板 填写说明',
    '',
    '1. 每行一位网格员的一项分工；一人有几项分工就填几行，姓名和电话相同的行视为同一人。',
    '2. 「网格」填网格名称（县、乡镇、村或村民小组都可以），重名时写上级，如「杨柳村/一组」。不分工时网格、网格职责、开始日期都留空。',
    '3. 网格职责从下拉列表选择：网格长、网格员、监管员、监测员、信息员。',
    `4. 电话：${PHONE_HINT}。`,
    `5. 开始日期写成 ${DATE_FORMS_HINT}，Excel 的日期格式单元格也可以。`,
    `6. ${NAME_HINT}。`,
    '7. 再次导入同一份文件不会重复：同名同电话的人会更新，已有的同一分工不会重复安排。',
  ],
};

/** exceljs 4.4 has range validations at run time but not in its type definitions. */
const validations = (sheet: ExcelJS.Worksheet) =>
  (
    sheet as unknown as {
      dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void };
    }
  ).dataValidations;

function addList(lists: ExcelJS.Worksheet, column: number, values: readonly string[]): string {
  values.forEach((value, i) => {
    lists.getCell(i + 1, column).value = value;
  });
  const letter = columnLetter(column);
  return `'${LISTS_SHEET}'!$${letter}$1:$${letter}$${Math.max(values.length, 1)}`;
}

/**
 * An import template: the header row, drop-down lists for every closed list (grids included,
 * from the database), ID and phone columns as text, and an instructions sheet.
 */
export async function buildTemplate(ctx: ServiceContext, kind: RosterKind): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '村级网格台账';
  const sheet = workbook.addWorksheet(SHEETS[kind], sheetOptions());
  const instructions = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  const lists = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  const columns: readonly Column[] = COLUMNS[kind];
  layoutSheet(sheet, columns);
  const grids = gridNames(ctx);
  let listColumn = 0;
  columns.forEach((column, i) => {
    const letter = columnLetter(i + 1);
    const values = column.type === 'grid' ? grids.labels : column.options;
    if (!values) return;
    const range = addList(lists, ++listColumn, values);
    validations(sheet).add(`${letter}2:${letter}${TEMPLATE_ROWS}`, {
      type: 'list',
      allowBlank: !column.required,
      formulae: [range],
      showErrorMessage: column.type !== 'grid',
      errorStyle: 'warning',
      errorTitle: column.header,
      error: `请从下拉列表中选择${column.header}`,
    });
  });
  columns.forEach((column, i) => {
    if (column.note) sheet.getCell(1, i + 1).note = column.note;
  });
  instructions.getColumn(1).width = 110;
  INSTRUCTIONS[kind].forEach((line, i) => {
    const cell = instructions.getCell(i + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
