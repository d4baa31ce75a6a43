import type { MonthlyReport, Rate } from '../../api/reports-types';
import { monthLabel, monthRange } from './periods';

/**
 * The 月通报 laid out as tables once, for both the .xlsx and the .pdf: the summary table of
 * key figures (项目 / 数值 / 说明) and one table per breakdown. Numbers stay numbers (Excel
 * can sum them); a rate stays a Rate: the PDF prints its text ("91.61%"), the workbook stores
 * the fraction (0.9161) formatted as a percentage.
 */

export interface SectionColumn {
  header: string;
  /** Relative width (PDF) and Excel width in characters. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export type SectionCell = string | number | Rate;

/** A cell as printed: a rate by its text ("91.61%", "—" when there is nothing to divide). */
export const cellText = (cell: SectionCell): string | number =>
  typeof cell === 'object' ? cell.text : cell;

export interface ReportSection {
  /** Sheet name in the workbook (≤ 31 characters) and heading in the PDF. */
  sheet: string;
  heading: string;
  columns: SectionColumn[];
  rows: SectionCell[][];
  /** Indexes of rows printed bold: section headings of the summary, 合计 rows. */
  boldRows: number[];
}

/** The line under the title: what the figures cover and when they were made. */
export function scopeLine(report: MonthlyReport): string {
  const where = report.grid ? report.grid.path.join(' / ') : `${report.placeName}（全部网格）`;
  const made = report.generatedAt.slice(0, 10);
  // A month still running is reported up to today (docs/domain.md §3 "月通报"): said plainly,
  // since "月末" in the notes then means that day.
  const running =
    report.monthEnd < monthRange(report.month).end
      ? `，本月尚未结束，统计截至 ${report.monthEnd}，表中“月末”指该日`
      : '';
  return `统计范围：${where}；统计月份：${monthLabel(report.month)}（${report.monthStart} 至 ${report.monthEnd}${running}）；生成日期：${made}`;
}

export function summarySection(r: MonthlyReport): ReportSection {
  const rows: SectionCell[][] = [];
  const bold: number[] = [];
  const head = (text: string) => {
    bold.push(rows.length);
    rows.push([text, '', '']);
  };
  const line = (label: string, value: SectionCell, note = '') => rows.push([label, value, note]);

  head('一、农户覆盖');
  line('纳入网格管理的农户（户）', r.households.covered, '现有网格包保关系的农户');
  line('农户人口（人）', r.households.members);

  head('二、监测对象');
  line('监测对象（户）', r.monitored.total, '月末已识别认定的监测对象，含已消除风险');
  for (const item of r.monitored.byCategory) line(`其中：${item.label}（户）`, item.value);
  line('已消除风险（户）', r.monitored.eliminated);
  line('未消除风险（户）', r.monitored.notEliminated);
  line('本月新识别（户）', r.monitored.newInMonth);
  line('本月消除风险（户）', r.monitored.eliminatedInMonth);

  head('三、问题登记');
  line('本月登记问题（件）', r.problems.registered);
  line('本月办结问题（件）', r.problems.resolved, '办结日期在本月，含以前登记的');
  line('月末未办结（件）', r.problems.open);
  line('其中：超过办结时限（件）', r.problems.overdue);
  line('年度累计登记（件）', r.problems.yearRegistered, `${r.month.slice(0, 4)}年1月1日至月末`);
  line('年度累计办结（件）', r.problems.yearResolved, '年度登记的问题中月末前已办结的');
  line('办结率', r.problems.yearRate, '年度累计办结 ÷ 年度累计登记');

  head('四、帮扶措施（监测对象）');
  line('计划帮扶措施（项）', r.measures.planned, '计划日期在月末前，或月末前已录入、已完成');
  line('已完成（项）', r.measures.done);
  line('完成率', r.measures.rate);
  line('开发式帮扶措施计划（项）', r.measures.developmental.planned, '产业、就业、金融、公益岗位');
  line('开发式帮扶措施完成（项）', r.measures.developmental.done);
  line('开发式完成率', r.measures.developmental.rate);
  line('本月完成（项）', r.measures.doneInMonth);

  head('五、走访');
  line('应走访（户）', r.visits.due, '风险户每月入户、外出户每月联系、一般户每季度');
  line('已走访（户）', r.visits.done);
  line('待走访（户）', r.visits.pending);
  line('逾期未走访（户）', r.visits.overdue);
  line('走访完成率', r.visits.rate, '已走访 ÷ 应走访');
  line(
    '本月走访记录（次）',
    r.visits.recorded,
    r.visits.recordedByWay.map((w) => `${w.label} ${w.value}`).join('，'),
  );

  return {
    sheet: '月通报',
    heading: '主要指标',
    columns: [
      { header: '项目', width: 30 },
      { header: '数值', width: 12, align: 'right' },
      { header: '说明', width: 40 },
    ],
    rows,
    boldRows: bold,
  };
}

export function breakdownSections(r: MonthlyReport): ReportSection[] {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

  const monitoredRows: SectionCell[][] = r.monitored.byCategory.map((item, i) => {
    const eliminated = r.monitored.eliminatedByCategory[i]?.value ?? 0;
    return [item.label, item.value, eliminated, item.value - eliminated];
  });
  monitoredRows.push(['合计', r.monitored.total, r.monitored.eliminated, r.monitored.notEliminated]);

  const problemRows: SectionCell[][] = r.problems.registeredByCategory.map((item, i) => [
    item.label,
    item.value,
    r.problems.resolvedByCategory[i]?.value ?? 0,
    r.problems.openByCategory[i]?.value ?? 0,
  ]);
  problemRows.push(['合计', r.problems.registered, r.problems.resolved, r.problems.open]);

  const sourceRows: SectionCell[][] = r.problems.registeredBySource.map((s) => [s.label, s.value]);
  sourceRows.push(['合计', r.problems.registered]);

  const measureRows: SectionCell[][] = r.measures.byCategory.map((m) => [
    m.category,
    m.developmental ? '是' : '',
    m.planned,
    m.done,
    m.rate,
  ]);
  measureRows.push([
    '其中：开发式',
    '是',
    r.measures.developmental.planned,
    r.measures.developmental.done,
    r.measures.developmental.rate,
  ]);
  measureRows.push(['合计', '', r.measures.planned, r.measures.done, r.measures.rate]);

  const visitRows: SectionCell[][] = [
    ...r.visits.byStatus.map((s) => [`应走访：${s.label}`, s.value]),
    ['应走访合计', r.visits.due],
    ...r.visits.recordedByWay.map((w) => [`本月走访记录：${w.label}`, w.value]),
    ['本月走访记录合计', r.visits.recorded],
  ];

  const g = r.byGrid;
  const gridRows: SectionCell[][] = g.map((row) => [
    row.gridName,
    row.households,
    row.members,
    row.monitored,
    row.problemsRegistered,
    row.problemsResolved,
    row.problemsOpen,
    row.problemsOverdue,
    row.visitsDue,
    row.visitsDone,
    row.visitsOverdue,
  ]);
  gridRows.push([
    '合计',
    sum(g.map((x) => x.households)),
    sum(g.map((x) => x.members)),
    sum(g.map((x) => x.monitored)),
    sum(g.map((x) => x.problemsRegistered)),
    sum(g.map((x) => x.problemsResolved)),
    sum(g.map((x) => x.problemsOpen)),
    sum(g.map((x) => x.problemsOverdue)),
    sum(g.map((x) => x.visitsDue)),
    sum(g.map((x) => x.visitsDone)),
    sum(g.map((x) => x.visitsOverdue)),
  ]);

  const n = (header: string, width = 10): SectionColumn => ({ header, width, align: 'right' });
  return [
    {
      sheet: '监测对象',
      heading: '监测对象分类情况（户）',
      columns: [{ header: '监测对象类别', width: 20 }, n('户数'), n('已消除风险'), n('未消除风险')],
      rows: monitoredRows,
      boldRows: [monitoredRows.length - 1],
    },
    {
      sheet: '问题类别',
      heading: '问题登记分类情况（件）',
      columns: [{ header: '问题类别', width: 16 }, n('本月登记'), n('本月办结'), n('月末未办结')],
      rows: problemRows,
      boldRows: [problemRows.length - 1],
    },
    {
      sheet: '问题来源',
      heading: '本月登记问题的来源（件）',
      columns: [{ header: '来源', width: 20 }, n('本月登记')],
      rows: sourceRows,
      boldRows: [sourceRows.length - 1],
    },
    {
      sheet: '帮扶措施',
      heading: '帮扶措施分类落实情况（项）',
      columns: [
        { header: '措施类别', width: 18 },
        { header: '开发式', width: 8, align: 'center' },
        n('计划'),
        n('已完成'),
        n('完成率'),
      ],
      rows: measureRows,
      boldRows: [measureRows.length - 2, measureRows.length - 1],
    },
    {
      sheet: '走访',
      heading: '走访情况',
      columns: [{ header: '项目', width: 24 }, n('户数/次数', 12)],
      rows: visitRows,
      boldRows: [r.visits.byStatus.length, visitRows.length - 1],
    },
    {
      sheet: '分网格',
      heading: '分网格情况',
      columns: [
        { header: '网格', width: 16 },
        n('农户', 8),
        n('人口', 8),
        n('监测对象', 8),
        n('本月登记问题', 8),
        n('本月办结', 8),
        n('月末未办结', 8),
        n('逾期问题', 8),
        n('应走访', 8),
        n('已走访', 8),
        n('逾期未走访', 8),
      ],
      rows: gridRows,
      boldRows: [gridRows.length - 1],
    },
  ];
}
