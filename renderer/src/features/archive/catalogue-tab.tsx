import {
  ExportOutlined,
  LockOutlined,
  ReloadOutlined,
  SafetyCertificateOutlined,
  UnlockOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Input, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import {
  RETENTION_LABELS,
  type ArchiveItem,
  type ArchiveYear,
  type ExportResult,
} from '../../../../electron/api/archive-types';
import { call } from '../../api/client';
import { downloadFile } from '../../api/files';
import { hashNumber, openPage } from '../../app/navigation';
import { useScanViewer } from '../../components/scan-viewer';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { MIME } from './archive-format';
import { CatalogueTable } from './catalogue-table';
import { ExportForm } from './export-form';
import { ExportResultPanel } from './export-result-panel';
import { ItemForm } from './item-form';
import { DeleteFixedForm } from './delete-fixed-form';
import { UnsealForm } from './unseal-form';
import { UploadForm } from './upload-form';
import { VerifyDialog } from './verify-dialog';

type Dialog =
  | { kind: 'upload' }
  | { kind: 'edit'; item: ArchiveItem }
  | { kind: 'unseal' }
  | { kind: 'deleteFixed'; item: ArchiveItem }
  | { kind: 'export' }
  | { kind: 'verify'; path?: string }
  | null;

const ZIP_TYPE = 'application/zip';

/** Same (全宗, 门类, 年度, 保管期限, 机构): one 件号 sequence (DA/T 22-2015). */
const sameSequence = (a: ArchiveItem, b: ArchiveItem) =>
  a.fondsCode === b.fondsCode &&
  a.classCode === b.classCode &&
  a.year === b.year &&
  a.retention === b.retention &&
  a.orgCode === b.orgCode;

function yearLabel(y: ArchiveYear) {
  return (
    <Space size={4}>
      {`${y.year} 年度（${y.items} 件）`}
      {y.sealed && <Tag color="gold">已封存</Tag>}
    </Space>
  );
}

/**
 * 本村档案: a year's 归档文件目录 (in 档号 order), filtered by category or words; 上传归档 of
 * scans; 封存本年度 / 解除封存; 导出移交包 and 校验. The year comes from '#/archive?year=2025'
 * when another page sends the clerk here after filing.
 */
export function CatalogueTab() {
  const { modal } = App.useApp();
  const { run, busy, confirmDelete } = useAction();
  const scans = useScanViewer();
  const [picked, setPicked] = useState<number | null>(() =>
    hashNumber(window.location.hash, 'year'),
  );
  const [category, setCategory] = useState<string>();
  const [query, setQuery] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [exported, setExported] = useState<{ year: number; result: ExportResult } | null>(null);

  const settings = useCall('settings.get');
  const years = useCall('archive.years', undefined);
  const thisYear = new Date().getFullYear();
  const year = picked ?? years.data?.[0]?.year ?? thisYear;
  const list = useCall('archive.list', { year });
  const state: ArchiveYear = years.data?.find((y) => y.year === year) ?? {
    year,
    items: 0,
    pages: 0,
    byRetention: [],
    byCategory: [],
    sealed: false,
    sealedAt: null,
    sealedBy: null,
  };

  const known = years.data ?? [];
  const yearOptions = (known.some((y) => y.year === year) ? known : [...known, state])
    .toSorted((a, b) => b.year - a.year)
    .map((y) => ({ value: y.year, label: yearLabel(y) }));

  // Category and words filter on screen: the list stays whole, so 删除 can say how many
  // items of the sequence move up.
  const items = useMemo(() => {
    const words = query.trim();
    return (list.data ?? []).filter(
      (item) =>
        (!category || item.category === category) &&
        (!words ||
          [item.title, item.archivalCode, item.docNo, item.responsible, item.note].some((field) =>
            field.includes(words),
          )),
    );
  }, [list.data, category, query]);

  const view = async (item: ArchiveItem) => {
    await scans.open(MIME[item.format], () => run(() => call('archive.file', { id: item.id })));
  };

  const remove = (item: ArchiveItem) => {
    // Handed over: the number stays, a reason goes into the box's 备考表 (docs/domain.md §6).
    if (item.fixed) {
      setDialog({ kind: 'deleteFixed', item });
      return;
    }
    const later = (list.data ?? []).filter(
      (i) => sameSequence(i, item) && i.itemNo > item.itemNo && !i.fixed,
    );
    confirmDelete({
      title: `删除归档文件 ${item.archivalCode}？`,
      content:
        later.length > 0
          ? `「${item.title}」和它的原件将被删除。同一组（${item.year} 年度·${RETENTION_LABELS[item.retention]}）中排在它后面的 ${later.length} 件，件号和档号依次前移一位（${later[0]!.archivalCode} 起）。`
          : `「${item.title}」和它的原件将被删除。它是这一组的最后一件，其他文件的件号不变。`,
      remove: () => call('archive.delete', { id: item.id }),
      success: '已删除',
      onDone: (result) => {
        if (result.renumbered > 0)
          modal.info({ title: `其后 ${result.renumbered} 件的件号已前移` });
      },
    });
  };

  const seal = () =>
    modal.confirm({
      title: `封存 ${year} 年度？`,
      content: `封存后，${year} 年度不能再归档、修改、删除或重排件号。确需更改时可以解除封存，但要填写原因，解除封存的原因、操作人和时间都会记入操作日志。`,
      okText: '封存',
      cancelText: '取消',
      onOk: async () => {
        await run(() => call('archive.seal', { year }), `${year} 年度已封存`);
      },
    });

  const downloadZip = async (forYear: number) => {
    const file = await run(() => call('archive.exportFile', { year: forYear }));
    if (file) downloadFile(file, ZIP_TYPE);
  };

  const categories = settings.data?.archive.categories ?? [];
  const retentionLine = state.byRetention
    .map((r) => `${RETENTION_LABELS[r.retention]} ${r.items} 件`)
    .join('，');

  return (
    <>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Space wrap>
          <Select<number>
            aria-label="年度"
            style={{ width: 230 }}
            value={year}
            onChange={(next) => {
              setPicked(next);
              // The hash keeps the year across a reload, as the ledger keeps its problem.
              openPage('archive', { year: next });
              setExported(null);
            }}
            options={yearOptions}
          />
          <Select<string>
            aria-label="按类别筛选"
            style={{ width: 150 }}
            placeholder="全部类别"
            allowClear
            value={category}
            onChange={setCategory}
            options={categories.map((c) => ({ value: c.name, label: c.name }))}
          />
          <Input.Search
            aria-label="查找"
            allowClear
            placeholder="题名、档号、文号、责任者"
            style={{ width: 240 }}
            onSearch={setQuery}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              years.reload();
              list.reload();
            }}
            aria-label="刷新"
          />
        </Space>
        <Space wrap>
          <Button
            type="primary"
            icon={<UploadOutlined />}
            disabled={!settings.data}
            onClick={() => setDialog({ kind: 'upload' })}
          >
            上传归档
          </Button>
          <Button
            icon={<ExportOutlined />}
            disabled={state.items === 0}
            onClick={() => setDialog({ kind: 'export' })}
          >
            导出移交包
          </Button>
          <Button
            icon={<SafetyCertificateOutlined />}
            onClick={() => setDialog({ kind: 'verify' })}
          >
            校验
          </Button>
          {state.sealed ? (
            <Button icon={<UnlockOutlined />} onClick={() => setDialog({ kind: 'unseal' })}>
              解除封存
            </Button>
          ) : (
            <Button
              icon={<LockOutlined />}
              disabled={state.items === 0}
              loading={busy}
              onClick={seal}
            >
              封存本年度
            </Button>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {state.items > 0
          ? `${year} 年度共 ${state.items} 件，${state.pages} 页${retentionLine ? `：${retentionLine}` : ''}。`
          : `${year} 年度还没有归档文件：在公示公告、明白纸、统计报表、问题台账、会商记录中点「归档」，或在这里上传扫描件。`}
      </Typography.Paragraph>
      {state.sealed && (
        <Alert
          type="warning"
          showIcon
          icon={<LockOutlined />}
          style={{ marginBottom: 12 }}
          title={`${year} 年度已封存${state.sealedAt ? `（${state.sealedAt.slice(0, 10)}${state.sealedBy ? `，${state.sealedBy}` : ''}）` : ''}：不能归档、修改或删除。`}
          description="确需更改时点「解除封存」，填写原因（记入操作日志），改好后再封存。"
        />
      )}
      {(years.error ?? list.error ?? settings.error) && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={(years.error ?? list.error ?? settings.error)!.message}
        />
      )}
      {exported && (
        <ExportResultPanel
          year={exported.year}
          result={exported.result}
          downloading={busy}
          onVerify={(path) => setDialog({ kind: 'verify', path })}
          onDownload={() => void downloadZip(exported.year)}
          onClose={() => setExported(null)}
        />
      )}
      <CatalogueTable
        items={items}
        loading={list.loading}
        onView={(item) => void view(item)}
        onEdit={(item) => setDialog({ kind: 'edit', item })}
        onDelete={remove}
      />

      {dialog?.kind === 'upload' && settings.data && (
        <UploadForm
          year={year}
          settings={settings.data}
          onClose={() => setDialog(null)}
          onSaved={(item) => {
            setDialog(null);
            setPicked(item.year);
          }}
        />
      )}
      {dialog?.kind === 'edit' && settings.data && (
        <ItemForm
          item={dialog.item}
          settings={settings.data}
          onClose={() => setDialog(null)}
          onSaved={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'deleteFixed' && (
        <DeleteFixedForm
          item={dialog.item}
          onClose={() => setDialog(null)}
          onSaved={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'unseal' && (
        <UnsealForm year={year} onClose={() => setDialog(null)} onSaved={() => setDialog(null)} />
      )}
      {dialog?.kind === 'export' && (
        <ExportForm
          year={year}
          items={state.items}
          onClose={() => setDialog(null)}
          onSaved={(result) => {
            setDialog(null);
            setExported({ year, result });
          }}
        />
      )}
      {dialog?.kind === 'verify' && (
        <VerifyDialog path={dialog.path} onClose={() => setDialog(null)} />
      )}
      {scans.element}
    </>
  );
}
