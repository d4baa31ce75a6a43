import { Card, Col, Empty, Row } from 'antd';
import { useMemo } from 'react';
import type { MonthlyReport } from '../../../../electron/api/reports-types';
import { EChart } from '../../components/echart';
import { groupedBars, pie } from './chart-options';

const VISIT_COLORS = { 已走访: '#52c41a', 待走访: '#1677ff', 逾期: '#f5222d' };

/** The four charts of the 月通报: monitored, problems, measures, visits. */
export function MonthlyCharts({ report }: { report: MonthlyReport }) {
  const options = useMemo(
    () => ({
      monitored: groupedBars([
        { name: '监测对象', items: report.monitored.byCategory, color: '#fa8c16' },
        { name: '已消除风险', items: report.monitored.eliminatedByCategory, color: '#52c41a' },
      ]),
      problems: groupedBars([
        { name: '本月登记', items: report.problems.registeredByCategory, color: '#1677ff' },
        { name: '本月办结', items: report.problems.resolvedByCategory, color: '#52c41a' },
        { name: '月末未解决', items: report.problems.openByCategory, color: '#fa8c16' },
      ]),
      measures: groupedBars(
        [
          { name: '计划', items: report.measures.plannedByCategory, color: '#1677ff' },
          { name: '完成', items: report.measures.doneByCategory, color: '#52c41a' },
        ],
        { rotate: 40 },
      ),
      visits: pie('走访', report.visits.byStatus, VISIT_COLORS),
    }),
    [report],
  );
  const noVisits = report.visits.due === 0;
  return (
    <Row gutter={[12, 12]}>
      <Col span={12}>
        <Card size="small" title="监测对象（按类别）">
          <EChart option={options.monitored} ariaLabel="监测对象按类别图" />
        </Card>
      </Col>
      <Col span={12}>
        <Card size="small" title="问题登记与办结（按类别）">
          <EChart option={options.problems} ariaLabel="问题登记与办结图" />
        </Card>
      </Col>
      <Col span={14}>
        <Card size="small" title="帮扶措施计划与完成（按类别）">
          <EChart option={options.measures} height={320} ariaLabel="帮扶措施图" />
        </Card>
      </Col>
      <Col span={10}>
        <Card size="small" title={`走访（应走访 ${report.visits.due} 户）`}>
          {noVisits ? (
            <Empty style={{ height: 288 }} description="这个月没有应走访的农户" />
          ) : (
            <EChart option={options.visits} height={320} ariaLabel="走访完成情况图" />
          )}
        </Card>
      </Col>
    </Row>
  );
}
