import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { call } from '../../api/client';
import { isoMonth } from '../../components/dates';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { MonthPicker } from '../../components/month-picker';
import { useExportButtons } from '../../components/export-buttons';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { filedKey } from '../../../../electron/api/archive-types';
import { ArchivedBadge, useFiledRecords } from '../archive/archived-badge';
import { useFileToArchive } from '../archive/use-file-to-archive';
import { MonthlyCharts } from './monthly-charts';
import { MonthlyFigures } from './monthly-figures';
import { MonthlyGridTable } from './monthly-grid-table';

/**
 * 月通报: the month's figures and charts for a grid (or everything), as xlsx or PDF, and 归档
 * (its PDF filed into 档案管理).
 */
export function MonthlyTab() {
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const [gridId, setGridId] = useState<number>();
  const input = { month: isoMonth(month)!, ...(gridId ? { gridId } : {}) };
  const report = useCall('reports.monthly', input);
  const { run, busy } = useAction();
  const exports = useExportButtons(
    (format) => run(() => call('reports.monthlyExport', { ...input, format })),
    busy,
  );
  const { fileToArchive, filing } = useFileToArchive();
  const filed = useFiledRecords('monthlyReport').get(
    filedKey.monthlyReport(input.month, gridId),
  );
  const fileReport = async () => {
    await fileToArchive(`${input.month} 月通报`, () =>
      call('archive.fileGenerated', { kind: 'monthlyReport', ...input }),
    );
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <MonthPicker value={month} onChange={setMonth} />
          <GridTreeSelect value={gridId} onChange={setGridId} placeholder="全部网格" />
        </Space>
        <Space wrap>
          {exports.buttons}
          <Button icon={<InboxOutlined />} loading={filing} onClick={() => void fileReport()}>
            归档
          </Button>
          {filed && <ArchivedBadge code={filed.archivalCode} title={filed.title} />}
        </Space>
      </Space>
      {report.error && (
        <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 12 }} />
      )}
      {!report.data && report.loading && <Spin />}
      {report.data && (
        <Spin spinning={report.loading}>
          <Typography.Title level={4} style={{ textAlign: 'center' }}>
            {report.data.title}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            统计期间 {report.data.monthStart} 至 {report.data.monthEnd}
            {report.data.grid && `，范围：${report.data.grid.path.join(' / ')}`}
          </Typography.Paragraph>
          <MonthlyFigures report={report.data} />
          <MonthlyCharts report={report.data} />
          <Card size="small" title="分网格情况" style={{ marginTop: 12 }}>
            <MonthlyGridTable rows={report.data.byGrid} />
          </Card>
        </Spin>
      )}
      {exports.element}
    </>
  );
}
