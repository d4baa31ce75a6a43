import { EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Radio, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import type { CardScope } from '../../../../electron/api/cards-schemas';
import type { CardJobStatus, CardLayout } from '../../../../electron/api/cards-types';
import { call, showPdfWindow } from '../../api/client';
import { downloadFile } from '../../api/files';
import { HouseholdPicker, type PickedHousehold } from '../../components/household-picker';
import { PDF_TYPE, usePdfOpener } from '../../components/pdf-preview';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { useFiledDocuments } from '../archive/filed-tag';
import { useFileToArchive } from '../archive/use-file-to-archive';
import { BatchGridField } from './batch-grid-field';
import { CardJobPanel } from './card-job-panel';
import { PolicySheetPanel } from './policy-sheet-panel';
import { ReprintPanel } from './reprint-panel';
import { useCardJob } from './use-card-job';

type ScopeMode = 'grid' | 'households';

const LAYOUTS: { value: CardLayout; label: string }[] = [
  { value: 'a4', label: 'A4 一户一页' },
  { value: 'a5x2', label: 'A5 一页两户' },
];

/**
 * 明白纸 (docs/domain.md §5): choose the households (a grid and everything under it, or households
 * picked by name), the layout, preview one household's card, and print the batch — a
 * background job with n / total and 取消; once done its PDF opens (the app window in Electron,
 * 打开 PDF in the browser), and 归档 files the batch. 需要重印 lists the cards that changed
 * since they were printed.
 */
export function CardsPage() {
  const [mode, setMode] = useState<ScopeMode>('grid');
  const [gridId, setGridId] = useState<number>();
  const [picked, setPicked] = useState<PickedHousehold[]>([]);
  const [previewId, setPreviewId] = useState<number | null>(null);
  const [layout, setLayout] = useState<CardLayout>('a4');
  const { run, busy } = useAction();
  const pdf = usePdfOpener();
  const inGrid = useCall(
    'households.list',
    mode === 'grid' && gridId ? { gridId, limit: 1 } : null,
  );

  const loadBatch = useCallback(
    (documentId: number) => run(() => call('cards.pdf', { documentId })),
    [run],
  );
  const openBatch = pdf.open;
  const onFinished = useCallback(
    (status: CardJobStatus) => {
      // The Electron window needs no click to open; a browser tab does (pop-up blocker),
      // so there the clerk presses 打开 PDF.
      if (status.state === 'done' && status.documentId !== undefined && showPdfWindow) {
        const documentId = status.documentId;
        void openBatch(() => loadBatch(documentId));
      }
    },
    [openBatch, loadBatch],
  );
  const job = useCardJob(onFinished);
  const filed = useFiledDocuments();
  const { fileToArchive, filing } = useFileToArchive();
  const fileBatch = async (documentId: number) => {
    await fileToArchive('本批明白纸', () => call('archive.fileDocument', { documentId }));
  };
  const working = job.running || job.starting;

  const scope: CardScope | null =
    mode === 'grid'
      ? gridId
        ? { gridId }
        : null
      : picked.length > 0
        ? { householdIds: picked.map((h) => h.id) }
        : null;
  // Without a household picked for it, the preview shows the first card of the batch.
  const firstOfBatch =
    mode === 'grid'
      ? inGrid.data?.rows[0] && {
          id: inGrid.data.rows[0].id,
          headName: inGrid.data.rows[0].headName,
        }
      : picked[0];
  const previewTarget = previewId ?? firstOfBatch?.id ?? null;

  const addPicked = (household: PickedHousehold | null) => {
    if (household && !picked.some((h) => h.id === household.id)) {
      setPicked([...picked, household]);
    }
  };
  const preview = () => {
    if (!previewTarget) return;
    void pdf.open(() => run(() => call('cards.preview', { householdId: previewTarget, layout })));
  };
  const download = async (documentId: number) => {
    const file = await loadBatch(documentId);
    if (file) downloadFile(file, PDF_TYPE);
  };

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        明白纸
      </Typography.Title>
      <Card size="small" title="打印明白纸" style={{ marginBottom: 16 }}>
        <Form layout="horizontal" labelCol={{ flex: '90px' }} colon={false}>
          <Form.Item label="打印范围">
            <Radio.Group
              aria-label="打印范围"
              value={mode}
              onChange={(e) => setMode(e.target.value as ScopeMode)}
              options={[
                { value: 'grid', label: '按网格' },
                { value: 'households', label: '选定农户' },
              ]}
            />
          </Form.Item>
          {mode === 'grid' ? (
            <BatchGridField
              gridId={gridId}
              onChange={setGridId}
              total={inGrid.data?.total}
              hint="选择一个村民小组、村或乡镇，打印其下所有农户的明白纸"
              ariaLabel="打印网格"
            />
          ) : (
            <Form.Item label="农户" extra={`已选 ${picked.length} 户`}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <HouseholdPicker
                  value={null}
                  onPicked={addPicked}
                  ariaLabel="添加农户"
                  width={420}
                />
                <Space wrap size={[4, 4]}>
                  {picked.map((h) => (
                    <Tag
                      key={h.id}
                      closable
                      onClose={() => setPicked(picked.filter((p) => p.id !== h.id))}
                    >
                      {h.headName} · {h.gridName}
                    </Tag>
                  ))}
                </Space>
              </Space>
            </Form.Item>
          )}
          <Form.Item label="版式">
            <Radio.Group
              aria-label="版式"
              value={layout}
              onChange={(e) => setLayout(e.target.value as CardLayout)}
              options={LAYOUTS}
            />
          </Form.Item>
          <Form.Item
            label="预览"
            extra={
              !previewId && firstOfBatch
                ? `不选则预览本批第一户（${firstOfBatch.headName}）`
                : undefined
            }
          >
            <Space wrap>
              <HouseholdPicker
                value={previewId}
                onChange={setPreviewId}
                ariaLabel="预览农户"
                width={360}
              />
              <Button
                icon={<EyeOutlined />}
                disabled={!previewTarget}
                loading={busy}
                onClick={preview}
              >
                预览一户
              </Button>
            </Space>
          </Form.Item>
          <Form.Item label=" ">
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              disabled={!scope || working}
              loading={job.starting}
              onClick={() => scope && void job.start(scope, layout)}
            >
              打印
            </Button>
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
            onFile={(documentId) => void fileBatch(documentId)}
            filing={filing}
            filedCode={
              job.status.documentId === undefined ? undefined : filed.get(job.status.documentId)
            }
          />
        )}
      </Card>
      <ReprintPanel
        busy={working}
        onReprint={(reprintGrid) =>
          void job.start(
            { changedOnly: true, ...(reprintGrid ? { gridId: reprintGrid } : {}) },
            layout,
          )
        }
      />
      <PolicySheetPanel />
      {pdf.element}
    </>
  );
}
