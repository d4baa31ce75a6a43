import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Spin, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import {
  dateRangeOf,
  DateRangeFilter,
  type DateRangeText,
} from '../../components/date-range-filter';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { useExportButtons } from '../../components/export-buttons';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { GroupCard, NOTHING_FOUND } from './group-card';

/**
 * The filters while the app stays open: a clerk who opens a finding's record to fix it and comes
 * back finds the same grid and period, not the defaults.
 */
let remembered: { gridId: number | undefined; range: DateRangeText } | null = null;

/**
 * 迎检自查 (docs/domain.md §9): what an inspection would find in the records of a grid (or the
 * whole village) over a period, grouped and counted, each finding a link to the record that
 * fixes it; the same report as Excel and as PDF (previewed before printing).
 */
export function SelfCheckPage() {
  const [gridId, setGridId] = useState<number | undefined>(() => remembered?.gridId);
  // By default the year so far: inspections look at the current year's work.
  const [range, setRange] = useState<DateRangeText>(
    () =>
      remembered?.range ?? {
        from: dayjs().startOf('year').format('YYYY-MM-DD'),
        to: dayjs().format('YYYY-MM-DD'),
      },
  );
  useEffect(() => {
    remembered = { gridId, range };
  }, [gridId, range]);
  const period = dateRangeOf(range);
  const input = { ...(gridId ? { gridId } : {}), ...period };
  const report = useCall('selfCheck.run', input);
  const { run, busy } = useAction();
  const exports = useExportButtons(
    (format) => run(() => call('selfCheck.export', { ...input, format })),
    busy,
  );

  const data = report.data;
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        迎检自查
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <GridTreeSelect value={gridId} onChange={setGridId} placeholder="全部网格" />
          <DateRangeFilter label="检查期间" value={range} onChange={setRange} />
          <Button icon={<ReloadOutlined />} onClick={report.reload}>
            重新检查
          </Button>
        </Space>
        <Space wrap>{exports.buttons}</Space>
      </Space>
      {report.error && (
        <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 12 }} />
      )}
      {!data && report.loading && <Spin />}
      {data && (
        <Spin spinning={report.loading}>
          <Typography.Paragraph type="secondary">
            检查范围：{data.scopeName}，检查期间 {data.from} 至 {data.to}，
            {data.total === 0 ? `${NOTHING_FOUND}。` : `共发现问题 ${data.total} 条。`}
          </Typography.Paragraph>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            {data.groups.map((group, i) => (
              <Col key={group.group} xs={12} md={8} xl={4}>
                <Card
                  size="small"
                  hoverable
                  aria-label={`${group.group}汇总`}
                  onClick={() =>
                    document
                      .getElementById(`self-check-group-${i}`)
                      ?.scrollIntoView({ behavior: 'smooth', block: 'start' })
                  }
                >
                  <Statistic
                    title={group.group}
                    value={group.count === 0 ? NOTHING_FOUND : group.count}
                    suffix={group.count === 0 ? undefined : '条'}
                    styles={{
                      content: {
                        fontSize: group.count === 0 ? 16 : 24,
                        color: group.count === 0 ? '#389e0d' : '#cf1322',
                      },
                    }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          {data.groups.map((group, i) => (
            <GroupCard key={group.group} group={group} index={i} />
          ))}
        </Spin>
      )}
      {exports.element}
    </>
  );
}
