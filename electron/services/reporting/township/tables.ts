import type { TownshipMonthly, TownshipMonthlyRow } from '../../../api/township-outputs-types';
import type { ReportSection, SectionCell, SectionColumn } from '../../reports/monthly-tables';
import { monthLabel, monthRange } from '../../reports/periods';

/**
 * The 月通报 across villages as tables (the ReportSection of reports/monthly-tables.ts, so the
 * village report's PDF table drawing and xlsx sheets print them): the figures per village with
 * the total, and the two rankings.
 */

const n = (header: string, width = 7): SectionColumn => ({ header, width, align: 'right' });

/** The line under the title: where, which month, which days. */
export function townshipScopeLine(m: TownshipMonthly): string {
  const running =
    m.monthEnd < monthRange(m.month).end ? `，本月尚未结束，统计截至 ${m.monthEnd}` : '';
  return `统计范围：${m.placeName}已上报的 ${m.rows.length} 个村；统计月份：${monthLabel(m.month)}（${m.monthStart} 至 ${m.monthEnd}${running}）；生成日期：${m.generatedAt.slice(0, 10)}`;
}

export function villagesSection(m: TownshipMonthly): ReportSection {
  const county = m.kind === 'county';
  const line = (
    first: string[],
    r: Pick<TownshipMonthlyRow, 'figures' | 'rates'>,
  ): SectionCell[] => [
    ...first,
    r.figures.households,
    r.figures.monitored,
    r.figures.notEliminated,
    r.figures.problemsRegistered,
    r.figures.problemsResolved,
    r.figures.problemsOpen,
    r.figures.problemsOverdue,
    r.figures.yearRegistered,
    r.figures.yearResolved,
    r.rates.resolved,
    r.figures.visitsDue,
    r.figures.visitsDone,
    r.rates.visits,
  ];
  const rows: SectionCell[][] = [];
  const bold: number[] = [];
  let index = 0;
  const townships = county ? [...new Set(m.rows.map((r) => r.township))] : [''];
  townships.forEach((t, ti) => {
    for (const r of m.rows.filter((x) => !county || x.township === t)) {
      index += 1;
      rows.push(
        line(county ? [String(index), r.township, r.village] : [String(index), r.village], r),
      );
    }
    const sub = m.townships[ti];
    if (county && sub) {
      bold.push(rows.length);
      rows.push(line(['', t, '小计'], sub));
    }
  });
  bold.push(rows.length);
  rows.push(line(county ? ['', '合计', ''] : ['', '合计'], m.total));

  return {
    sheet: '分村情况',
    heading: '各村主要指标',
    columns: [
      { header: '序号', width: 5, align: 'center' },
      ...(county ? [{ header: '乡镇', width: 10 }] : []),
      { header: '村', width: 10 },
      n('农户'),
      n('监测对象'),
      n('未消除风险'),
      n('本月登记问题'),
      n('本月办结'),
      n('月末未办结'),
      n('逾期问题'),
      n('年度登记'),
      n('年度办结'),
      n('办结率', 12),
      n('应走访'),
      n('已走访'),
      n('走访完成率', 12),
    ],
    rows,
    boldRows: bold,
  };
}

function ranking(
  m: TownshipMonthly,
  order: number[],
  sheet: string,
  heading: string,
  cells: (r: TownshipMonthlyRow) => SectionCell[],
  rank: (r: TownshipMonthlyRow) => number,
  headers: string[],
): ReportSection {
  const byId = new Map(m.rows.map((r) => [r.villageId, r]));
  const county = m.kind === 'county';
  const rows = order.map((id) => {
    const r = byId.get(id)!;
    return [String(rank(r)), ...(county ? [r.township] : []), r.village, ...cells(r)];
  });
  return {
    sheet,
    heading,
    columns: [
      { header: '名次', width: 6, align: 'center' },
      ...(county ? [{ header: '乡镇', width: 12 }] : []),
      { header: '村', width: 14 },
      ...headers.map((h) => n(h, 12)),
    ],
    rows,
    boldRows: [],
  };
}

export function rankingSections(m: TownshipMonthly): ReportSection[] {
  return [
    ranking(
      m,
      m.byResolved,
      '办结率排名',
      '各村问题办结率排名',
      (r) => [r.figures.yearRegistered, r.figures.yearResolved, r.rates.resolved],
      (r) => r.rankResolved,
      ['年度累计登记', '年度累计办结', '办结率'],
    ),
    ranking(
      m,
      m.byVisits,
      '走访排名',
      '各村走访完成情况排名',
      (r) => [r.figures.visitsDue, r.figures.visitsDone, r.rates.visits],
      (r) => r.rankVisits,
      ['应走访（户）', '已走访（户）', '走访完成率'],
    ),
  ];
}

export const townshipSections = (m: TownshipMonthly): ReportSection[] => [
  villagesSection(m),
  ...rankingSections(m),
];
