import { Table } from 'antd';
import type {
  TownshipMonthly,
  TownshipMonthlyRow,
} from '../../../../../electron/api/township-outputs-types';

/** The villages of the 月通报 across villages, ranked one way (办结率 or 走访完成率). */
export function RankedTable({
  report,
  by,
}: {
  report: TownshipMonthly;
  by: 'resolved' | 'visits';
}) {
  const byId = new Map(report.rows.map((r) => [r.villageId, r]));
  const order = by === 'resolved' ? report.byResolved : report.byVisits;
  const rows = order.map((id) => byId.get(id)!);
  const county = report.kind === 'county';
  return (
    <Table<TownshipMonthlyRow>
      size="small"
      rowKey="villageId"
      pagination={false}
      dataSource={rows}
      aria-label={by === 'resolved' ? '办结率排名' : '走访排名'}
      columns={[
        {
          title: '名次',
          width: 60,
          render: (_, r) => (by === 'resolved' ? r.rankResolved : r.rankVisits),
        },
        ...(county ? [{ title: '乡镇', dataIndex: 'township' }] : []),
        { title: '村', dataIndex: 'village' },
        ...(by === 'resolved'
          ? [
              {
                title: '年度累计登记',
                align: 'right' as const,
                render: (_: unknown, r: TownshipMonthlyRow) => r.figures.yearRegistered,
              },
              {
                title: '年度累计办结',
                align: 'right' as const,
                render: (_: unknown, r: TownshipMonthlyRow) => r.figures.yearResolved,
              },
              {
                title: '办结率',
                align: 'right' as const,
                render: (_: unknown, r: TownshipMonthlyRow) => r.rates.resolved.text,
              },
            ]
          : [
              {
                title: '应走访（户）',
                align: 'right' as const,
                render: (_: unknown, r: TownshipMonthlyRow) => r.figures.visitsDue,
              },
              {
                title: '已走访（户）',
                align: 'right' as const,
                render: (_: unknown, r: TownshipMonthlyRow) => r.figures.visitsDone,
              },
              {
                title: '走访完成率',
                align: 'right' as const,
                render: (_: unknown, r: TownshipMonthlyRow) => r.rates.visits.text,
              },
            ]),
      ]}
    />
  );
}

/** Every village's key figures with the total row (and a county's township subtotals). */
export function VillagesTable({ report }: { report: TownshipMonthly }) {
  type Line = { key: string; township: string; village: string } & Pick<
    TownshipMonthlyRow,
    'figures' | 'rates'
  >;
  // A county's villages come township by township, each township closed by its 小计.
  const lines: Line[] = [];
  const townships = [...new Set(report.rows.map((r) => r.township))];
  townships.forEach((name, i) => {
    for (const r of report.rows.filter((x) => x.township === name)) {
      lines.push({ key: `v${r.villageId}`, ...r });
    }
    const sub = report.townships[i];
    if (sub) lines.push({ key: `t${i}`, ...sub, township: name, village: '小计' });
  });
  lines.push({ key: 'total', ...report.total, township: '', village: '合计' });
  const n = (title: string, get: (l: Line) => number | string) => ({
    title,
    align: 'right' as const,
    render: (_: unknown, l: Line) => get(l),
  });
  return (
    <Table<Line>
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={lines}
      aria-label="各村主要指标"
      columns={[
        ...(report.kind === 'county' ? [{ title: '乡镇', dataIndex: 'township' }] : []),
        { title: '村', dataIndex: 'village' },
        n('农户', (l) => l.figures.households),
        n('监测对象', (l) => l.figures.monitored),
        n('本月登记', (l) => l.figures.problemsRegistered),
        n('本月办结', (l) => l.figures.problemsResolved),
        n('月末未办结', (l) => l.figures.problemsOpen),
        n('逾期', (l) => l.figures.problemsOverdue),
        n('办结率', (l) => l.rates.resolved.text),
        n('应走访', (l) => l.figures.visitsDue),
        n('已走访', (l) => l.figures.visitsDone),
        n('走访完成率', (l) => l.rates.visits.text),
      ]}
    />
  );
}
