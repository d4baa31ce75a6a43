import { Alert, Button, Card, Col, List, Row, Space, Spin, Tag, Typography } from 'antd';
import { FileAddOutlined, FileExcelOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Bulletin } from '../../../../../electron/api/township-outputs-types';
import { call } from '../../../api/client';
import { downloadFile } from '../../../api/files';
import { isoMonth } from '../../../components/dates';
import { MonthPicker } from '../../../components/month-picker';
import { useAction } from '../../../hooks/use-action';
import { useCall } from '../../../hooks/use-call';
import { BulletinEditor } from './bulletin-editor';
import { RankedTable, VillagesTable } from './monthly-table';

/**
 * 月通报 of a 乡镇汇总库 (docs/domain.md §11): the villages' figures from their packages, the two
 * rankings, and the written 通报 (drafts and issued ones) with its editor.
 */
export function TownshipMonthlyPanel() {
  const [month, setMonth] = useState<Dayjs>(() => dayjs().subtract(1, 'month'));
  const input = { month: isoMonth(month)! };
  const report = useCall('township.monthly', input);
  const [refresh, setRefresh] = useState(0);
  const list = useCall('township.bulletins', {}, refresh);
  const [open, setOpen] = useState<Bulletin | null>(null);
  const { run, busy } = useAction();

  const create = async () => {
    const b = await run(() => call('township.bulletinCreate', input), '已起草通报，请修改文字');
    if (b) {
      setOpen(b);
      setRefresh((n) => n + 1);
    }
  };
  const openBulletin = async (id: number) => {
    const b = await run(() => call('township.bulletinGet', { id }));
    if (b) setOpen(b);
  };
  const exportXlsx = async () => {
    const f = await run(() => call('township.monthlyExport', input));
    if (f) downloadFile(f);
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <MonthPicker value={month} onChange={setMonth} />
        <Button icon={<FileExcelOutlined />} loading={busy} onClick={() => void exportXlsx()}>
          导出 Excel
        </Button>
        <Button
          type="primary"
          icon={<FileAddOutlined />}
          loading={busy}
          onClick={() => void create()}
        >
          起草通报
        </Button>
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
            统计期间 {report.data.monthStart} 至 {report.data.monthEnd}，已上报{' '}
            {report.data.rows.length} 个村
          </Typography.Paragraph>
          {report.data.rows.length === 0 && (
            <Alert
              type="info"
              showIcon
              title="还没有导入任何村的上报包"
              style={{ marginBottom: 12 }}
            />
          )}
          {report.data.otherPeriods.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`以下村上报的不是本月数据：${report.data.otherPeriods.map((p) => `${p.village}（${p.period}）`).join('、')}`}
            />
          )}
          <Row gutter={12}>
            <Col xs={24} lg={12}>
              <Card size="small" title="办结率排名">
                <RankedTable report={report.data} by="resolved" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title="走访完成率排名">
                <RankedTable report={report.data} by="visits" />
              </Card>
            </Col>
          </Row>
          <Card size="small" title="各村主要指标" style={{ marginTop: 12 }}>
            <VillagesTable report={report.data} />
          </Card>
        </Spin>
      )}
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col xs={24} lg={8}>
          <Card size="small" title="通报">
            <List
              size="small"
              dataSource={list.data ?? []}
              locale={{ emptyText: '还没有通报' }}
              renderItem={(b) => (
                <List.Item onClick={() => void openBulletin(b.id)} style={{ cursor: 'pointer' }}>
                  <Space>
                    {b.number ? <Tag color="green">{b.number}</Tag> : <Tag>草稿</Tag>}
                    <span>{b.month}</span>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          {open && (
            <Card size="small" title={`${open.month} 通报`}>
              <BulletinEditor
                key={open.id}
                bulletin={open}
                onChanged={(b) => {
                  setOpen(b);
                  setRefresh((n) => n + 1);
                }}
              />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
