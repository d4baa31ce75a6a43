import ExcelJS from 'exceljs';
import type { EvaluationList } from '../../api/reports-types';
import { parsePeriod } from './periods';
import {
  reportSheetOptions,
  titleRow,
  workbookBuffer,
  writeTable,
  type XlsxColumn,
  type XlsxCell,
} from './xlsx-kit';

/**
 * 网格员实绩评价表: one row per worker with the counted parts, the manual score, the total and
 * the grade; the weights are printed under the title so the sheet explains itself. A4
 * landscape, header repeated, a signature line for the village's evaluation group.
 */
export const EVALUATION_COLUMNS: XlsxColumn[] = [
  { header: '序号', width: 6, align: 'center' },
  { header: '网格员', width: 10 },
  { header: '网格及职责', width: 24 },
  { header: '走访次数', width: 8, align: 'right' },
  { header: '应走访（户次）', width: 9, align: 'right' },
  { header: '按时走访（户次）', width: 9, align: 'right' },
  { header: '按时走访率', width: 10, align: 'right' },
  { header: '发现问题（件）', width: 9, align: 'right' },
  { header: '应办结（件）', width: 9, align: 'right' },
  { header: '按时办结（件）', width: 9, align: 'right' },
  { header: '按时办结率', width: 10, align: 'right' },
  { header: '人工评分', width: 8, align: 'right' },
  { header: '总分', width: 8, align: 'right' },
  { header: '等级', width: 8, align: 'center' },
  { header: '评价说明', width: 24 },
];

const HEADER_ROW = 3;

export async function evaluationWorkbook(list: EvaluationList, placeName: string): Promise<Buffer> {
  const period = parsePeriod(list.period);
  const rows: XlsxCell[][] = list.rows.map((r, i) => [
    i + 1,
    r.workerName,
    r.roles,
    r.visitsDone,
    r.visitsDue,
    r.visitsOnTime,
    r.visitsOnTimeRate.text,
    r.problemsFound,
    r.problemsDue,
    r.problemsClosedOnTime,
    r.closedOnTimeRate.text,
    r.manualScore,
    r.totalScore,
    r.grade ?? '—',
    r.note,
  ]);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '村级网格台账';
  const sheet = workbook.addWorksheet('实绩评价', reportSheetOptions('landscape', HEADER_ROW));
  const width = EVALUATION_COLUMNS.length;
  titleRow(sheet, 1, `${placeName} ${period.label}网格员实绩评价表`, width, {
    size: 16,
    bold: true,
  });
  const w = list.weights;
  titleRow(
    sheet,
    2,
    `评价期间：${list.periodStart} 至 ${list.periodEnd}；总分 = 按时走访率 × ${w.visitsOnTime}% + 按时办结率 × ${w.closedOnTime}% + 人工评分 × ${w.manual}%（无可计项的部分不计，其余按比例折算）；等级：优秀 ≥ 90，良好 ≥ 75，合格 ≥ 60，其余不合格`,
    width,
    { size: 10, align: 'left' },
  );
  sheet.getRow(2).height = 32;
  const next = writeTable(sheet, HEADER_ROW, EVALUATION_COLUMNS, rows);
  titleRow(
    sheet,
    next + 1,
    '评价小组成员签字：＿＿＿＿＿＿＿＿＿＿＿＿　　　　　　日期：＿＿＿＿年＿＿月＿＿日',
    width,
    { size: 12, align: 'left' },
  );
  return workbookBuffer(workbook);
}
