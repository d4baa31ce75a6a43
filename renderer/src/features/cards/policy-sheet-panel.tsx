import { CheckOutlined, EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import type { CardJobStatus } from '../../../../electron/api/cards-types';
import { call, showPdfWindow } from '../../api/client';
import { downloadFile } from '../../api/files';
import { HouseholdPicker } from '../../components/household-picker';
import { PDF_TYPE, usePdfOpener } from '../../components/pdf-preview';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { useSession } from '../session/use-session';
import { useFiledDocuments } from '../archive/filed-tag';
import { useFileToArchive } from '../archive/use-file-to-archive';
import { BatchGridField } from './batch-grid-field';
import { CardJobPanel } from './card-job-panel';
import { usePolicyJob } from './use-policy-job';

/** Missing households listed on screen; the rest are counted. */
const MISSING_SHOWN = 60;

/**
 * 申报政策明白纸 (docs/domain.md §9 「Publicity」): print the sheets of a grid (a group, a village)
 * as one PDF — preview first, then a background batch with n / total and 取消, like the
 * household cards above — then record 「已发放」 for the whole batch or for single households
 * (date as typed: 2026/3/1, by whom), and see the coverage: 发放 N / 共 M 户 and who has none.
 */
export function PolicySheetPanel() {
  const [gridId, setGridId] = useState<number>();
  const [batchId, setBatchId] = useState<number>();
  const [single, setSingle] = useState<number | null>(null);
  const [handedDate, setHandedDate] = useState('');
  const [handedBy, setHandedBy] = useState<string>();
  const { run, busy } = useAction();
  const { message } = App.useApp();
  const pdf = usePdfOpener();
  const session = useSession();
  const by = handedBy ?? session.status?.operator ?? '';
  const first = useCall('households.list', gridId ? { gridId, limit: 1 } : null);
  const batches = useCall('policy.batches', {});
  const coverage = useCall('policy.coverage', gridId ? { gridId } : {});
  const filed = useFiledDocuments();
  const { fileToArchive, filing } = useFileToArchive();

  const loadBatch = useCallback(
    (documentId: number) => run(() => call('policy.pdf', { documentId })),
    [run],
  );
  const openBatch = pdf.open;
  const onFinished = useCallback(
    (status: CardJobStatus) => {
      if (status.state === 'done' && status.documentId !== undefined) {
        const documentId = status.documentId;
        setBatchId(documentId);
        if (showPdfWindow) void openBatch(() => loadBatch(documentId));
      }
    },
    [openBatch, loadBatch],
  );
  const job = usePolicyJob(onFinished);
  const working = job.running || job.starting;
  const firstHousehold = first.data?.rows[0];

  const preview = () => {
    if (!firstHousehold) return;
    void pdf.open(() => run(() => call('policy.preview', { householdId: firstHousehold.id })));
  };
  const download = async (documentId: number) => {
    const file = await loadBatch(documentId);
    if (file) downloadFile(file, PDF_TYPE);
  };
  const record = async (target: { documentId: number } | { householdIds: number[] }) => {
    const result = await run(() => call('policy.record', { ...target, handedDate, handedBy: by }));
    if (result) {
      const skipped = result.skipped > 0 ? `（${result.skipped} 户此前已记录）` : '';
      message.success(`已记录 ${result.recorded} 户已发放${skipped}`);
      setSingle(null);
    }
  };

  const cov = coverage.data;
  return (
    <Card size="small" title="申报政策明白纸" style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">
        告诉每户谁可以申报防止返贫监测对象、怎么申报（网格员、12317
        热线、自主申报）、申报后怎么办和联系人。每户一页
        A4，大字号，印户主和所在组，不印身份证号和农户电话。
      </Typography.Paragraph>
      <Form layout="horizontal" labelCol={{ flex: '90px' }} colon={false}>
        <BatchGridField
          gridId={gridId}
          onChange={setGridId}
          total={first.data?.total}
          hint="选择一个村民小组或村，打印其下每户的申报政策明白纸"
          ariaLabel="政策明白纸网格"
        />
        <Form.Item label=" ">
          <Space wrap>
            <Button
              icon={<EyeOutlined />}
              disabled={!firstHousehold}
              loading={busy && !working}
              onClick={preview}
            >
              预览{firstHousehold ? `（${firstHousehold.headName}）` : ''}
            </Button>
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              disabled={!gridId || working}
              loading={job.starting}
              onClick={() => gridId && void job.start({ gridId })}
            >
              打印政策明白纸
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {job.startError && (
        <Alert type="error" showIcon title={job.startError} style={{ marginBottom: 12 }} />
      )}
      {job.status && (
        <CardJobPanel
          status={job.status}
          onCancel={() => void job.cancel()}
          onOpen={(documentId) => void pdf.open(() => loadBatch(documentId))}
          onDownload={(documentId) => void download(documentId)}
          onFile={(documentId) =>
            void fileToArchive('本批政策明白纸', () => call('archive.fileDocument', { documentId }))
          }
          filing={filing}
          filedCode={
            job.status.documentId === undefined ? undefined : filed.get(job.status.documentId)
          }
        />
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        发放登记
      </Typography.Title>
      <Form layout="horizontal" labelCol={{ flex: '90px' }} colon={false}>
        <Form.Item label="发放日期" extra="如 2026/3/1 或 2026-03-01">
          <Input
            aria-label="发放日期"
            value={handedDate}
            onChange={(e) => setHandedDate(e.target.value)}
            placeholder="2026/3/1"
            style={{ width: 180 }}
          />
        </Form.Item>
        <Form.Item label="发放人">
          <Input
            aria-label="发放人"
            value={by}
            onChange={(e) => setHandedBy(e.target.value)}
            maxLength={30}
            style={{ width: 180 }}
          />
        </Form.Item>
        <Form.Item label="整批发放">
          <Space wrap>
            <Select
              aria-label="打印批次"
              style={{ width: 560 }}
              placeholder="选择已打印的一批"
              value={batchId}
              onChange={setBatchId}
              options={(batches.data ?? []).map((b) => ({
                value: b.documentId,
                label: `${b.title} · ${b.docDate} · 已发放 ${b.handed} / ${b.households} 户`,
              }))}
            />
            <Button
              icon={<CheckOutlined />}
              disabled={!batchId || busy}
              onClick={() => batchId && void record({ documentId: batchId })}
            >
              整批记为已发放
            </Button>
          </Space>
        </Form.Item>
        <Form.Item label="单户发放">
          <Space wrap>
            <HouseholdPicker value={single} onChange={setSingle} ariaLabel="发放农户" width={300} />
            <Button
              icon={<CheckOutlined />}
              disabled={!single || busy}
              onClick={() => single && void record({ householdIds: [single] })}
            >
              记为已发放
            </Button>
          </Space>
        </Form.Item>
      </Form>

      {cov && (
        <div aria-label="发放覆盖">
          <Typography.Text strong>
            {gridId ? '本网格' : '全村'}发放 {cov.handed} / 共 {cov.total} 户
          </Typography.Text>
          {cov.missing.length > 0 ? (
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">未发放：</Typography.Text>
              <Space wrap size={[4, 4]} aria-label="未发放农户">
                {cov.missing.slice(0, MISSING_SHOWN).map((m) => (
                  <Tag key={m.householdId}>
                    {m.head || '（无户主）'} · {m.gridName || '未分网格'}
                  </Tag>
                ))}
                {cov.missing.length > MISSING_SHOWN && (
                  <Typography.Text type="secondary">等 {cov.missing.length} 户</Typography.Text>
                )}
              </Space>
            </div>
          ) : (
            cov.total > 0 && (
              <Tag color="green" style={{ marginLeft: 8 }}>
                已全部发放
              </Tag>
            )
          )}
        </div>
      )}
      {pdf.element}
    </Card>
  );
}
