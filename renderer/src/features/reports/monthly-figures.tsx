import { Card, Col, Descriptions, Row, Statistic } from 'antd';
import type { MonthlyReport } from '../../../../electron/api/reports-types';
import { formatNumber as n, NOWRAP } from '../../components/format';

/** The 月通报's key figures, as the printed report words them. */
export function MonthlyFigures({ report }: { report: MonthlyReport }) {
  const { households, monitored, problems, measures, visits } = report;
  const cards = [
    {
      title: '覆盖农户',
      value: households.covered,
      suffix: '户',
      lines: [['成员', `${n(households.members)} 人`]],
    },
    {
      title: '监测对象',
      value: monitored.total,
      suffix: '户',
      lines: [
        ['未消除 / 已消除', `${n(monitored.notEliminated)} / ${n(monitored.eliminated)}`],
        ['本月识别 / 消除', `${n(monitored.newInMonth)} / ${n(monitored.eliminatedInMonth)}`],
      ],
    },
    {
      title: '本月登记问题',
      value: problems.registered,
      suffix: '件',
      lines: [
        ['本月办结', `${n(problems.resolved)} 件`],
        ['月末未解决 / 逾期', `${n(problems.open)} / ${n(problems.overdue)}`],
        ['年度办结率', `${problems.yearRate.text}（${n(problems.yearResolved)}/${n(problems.yearRegistered)}）`],
      ],
    },
    {
      title: '帮扶措施完成率',
      value: measures.rate.text,
      lines: [
        ['计划 / 完成', `${n(measures.planned)} / ${n(measures.done)}`],
        ['开发式', `${n(measures.developmental.done)}/${n(measures.developmental.planned)}（${measures.developmental.rate.text}）`],
        ['本月完成', `${n(measures.doneInMonth)} 项`],
      ],
    },
    {
      title: '走访完成率',
      value: visits.rate.text,
      lines: [
        ['应走访 / 已走访', `${n(visits.due)} / ${n(visits.done)}`],
        ['待走访 / 逾期', `${n(visits.pending)} / ${n(visits.overdue)}`],
        ['本月走访记录', `${n(visits.recorded)} 次`],
      ],
    },
  ];
  return (
    <Row gutter={12} style={{ marginBottom: 12 }}>
      {cards.map((card) => (
        <Col flex="1" key={card.title}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic title={card.title} value={card.value} suffix={card.suffix} />
            {/* A figure and its parenthesis never break apart (「91.61%（7/8）」). */}
            <Descriptions
              size="small"
              column={1}
              style={{ marginTop: 8 }}
              items={card.lines.map(([label, value]) => ({
                key: label,
                label: <span style={NOWRAP}>{label}</span>,
                children: <span style={NOWRAP}>{value}</span>,
              }))}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
