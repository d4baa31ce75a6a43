import { Card, Col, Descriptions, Row, Statistic } from 'antd';
import type { MonthlyReport } from '../../../../electron/api/reports-types';

/** The 月通报's key figures, as the printed report words them. */
export function MonthlyFigures({ report }: { report: MonthlyReport }) {
  const { households, monitored, problems, measures, visits } = report;
  const cards = [
    {
      title: '覆盖农户',
      value: households.covered,
      suffix: '户',
      lines: [['成员', `${households.members} 人`]],
    },
    {
      title: '监测对象',
      value: monitored.total,
      suffix: '户',
      lines: [
        ['未消除 / 已消除', `${monitored.notEliminated} / ${monitored.eliminated}`],
        ['本月识别 / 消除', `${monitored.newInMonth} / ${monitored.eliminatedInMonth}`],
      ],
    },
    {
      title: '本月登记问题',
      value: problems.registered,
      suffix: '件',
      lines: [
        ['本月办结', `${problems.resolved} 件`],
        ['月末未解决 / 逾期', `${problems.open} / ${problems.overdue}`],
        ['年度办结率', `${problems.yearRate.text}（${problems.yearResolved}/${problems.yearRegistered}）`],
      ],
    },
    {
      title: '帮扶措施完成率',
      value: measures.rate.text,
      lines: [
        ['计划 / 完成', `${measures.planned} / ${measures.done}`],
        ['开发式', `${measures.developmental.done}/${measures.developmental.planned}（${measures.developmental.rate.text}）`],
        ['本月完成', `${measures.doneInMonth} 项`],
      ],
    },
    {
      title: '走访完成率',
      value: visits.rate.text,
      lines: [
        ['应走访 / 已走访', `${visits.due} / ${visits.done}`],
        ['待走访 / 逾期', `${visits.pending} / ${visits.overdue}`],
        ['本月走访记录', `${visits.recorded} 次`],
      ],
    },
  ];
  return (
    <Row gutter={12} style={{ marginBottom: 12 }}>
      {cards.map((card) => (
        <Col flex="1" key={card.title}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic title={card.title} value={card.value} suffix={card.suffix} />
            <Descriptions
              size="small"
              column={1}
              style={{ marginTop: 8 }}
              items={card.lines.map(([label, value]) => ({ key: label, label, children: value }))}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
