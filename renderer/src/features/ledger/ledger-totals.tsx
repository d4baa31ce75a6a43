import { Card, Col, Row, Statistic } from 'antd';
import type { ProblemStatus } from '../../../../electron/api/ledger-enums';
import type { LedgerTotals as Totals } from '../../../../electron/api/ledger-types';

const CARDS: { key: ProblemStatus | 'overdue'; label: string; color?: string }[] = [
  { key: '未解决', label: '未解决', color: '#d46b08' },
  { key: '处理中', label: '处理中', color: '#1677ff' },
  { key: '已解决', label: '已解决', color: '#389e0d' },
  { key: 'overdue', label: '逾期', color: '#cf1322' },
];

/**
 * 合计 of the whole filter (every page). A click on a card narrows the list to it, a second
 * click clears that again.
 */
export function LedgerTotals({
  totals,
  active,
  onPick,
}: {
  totals: Totals | undefined;
  active: ProblemStatus | 'overdue' | undefined;
  onPick: (key: ProblemStatus | 'overdue') => void;
}) {
  return (
    <Row gutter={12} style={{ marginBottom: 12 }}>
      <Col flex="1">
        <Card size="small">
          <Statistic title="问题总数" value={totals?.total ?? '—'} suffix="件" />
        </Card>
      </Col>
      {CARDS.map((card) => (
        <Col flex="1" key={card.key}>
          <Card
            size="small"
            hoverable
            aria-label={`只看${card.label}`}
            onClick={() => onPick(card.key)}
            style={active === card.key ? { borderColor: card.color } : undefined}
          >
            <Statistic
              title={card.label}
              value={
                totals === undefined
                  ? '—'
                  : card.key === 'overdue'
                    ? totals.overdue
                    : totals.byStatus[card.key]
              }
              suffix="件"
              styles={{ content: { color: card.color } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
