import {
  DownloadOutlined,
  FilePdfOutlined,
  InboxOutlined,
  PlusOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import { Alert, Button, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import {
  NOTICE_KINDS,
  NOTICE_STATUSES,
  type NoticeKind,
  type NoticeStatus,
  type NoticeSummary,
} from '../../../../electron/api/notices-types';
import { hashNumber, openPage } from '../../app/navigation';
import { call } from '../../api/client';
import { downloadFile } from '../../api/files';
import { formatNumber } from '../../components/format';
import { ListEmpty } from '../../components/list-empty';
import { NameFilter } from '../../components/name-filter';
import { optionsOf } from '../../components/options';
import { PDF_TYPE, usePdfOpener } from '../../components/pdf-preview';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { FiledTag, useFiledDocuments } from '../archive/filed-tag';
import { useFileToArchive } from '../archive/use-file-to-archive';
import { NoticeEditor, RESULT_SOURCE_KINDS } from './notice-editor';
import { NoticeStatusTag } from './notice-status-tag';

type Editing = { kind: NoticeKind; sourceNoticeId?: number } | null;

/**
 * 公示公告: the notices issued (〔2026〕3号 per year, 公示中 / 已结束 from today), each with its
 * stored PDF to open and print again, and 归档 into 档案管理 (once); 新建公示 opens the editor. An ended 识别认定 or 风险消除
 * notice offers its 结果公告.
 */
export function NoticesPage() {
  const [kind, setKind] = useState<NoticeKind>();
  const [status, setStatus] = useState<NoticeStatus>();
  const [editing, setEditing] = useState<Editing>(null);
  const [name, setName] = useState<string>();
  // '#/notices?notice=12' (迎检自查's link to a notice): that notice alone until 显示全部.
  const [linked, setLinked] = useState(() => hashNumber(window.location.hash, 'notice'));
  const filtered = Boolean(kind || status || name);
  const list = useCall('notices.list', {
    ...(kind ? { kind } : {}),
    ...(status ? { status } : {}),
    ...(name ? { name } : {}),
  });
  // How many notices there are in all, for an empty filtered list to say so.
  const all = useCall('notices.list', filtered ? {} : null);
  const { run } = useAction();
  const pdf = usePdfOpener();
  const { reload: reloadList } = list;
  const { reload: reloadAll } = all;
  // 刷新: reads again what another door (the CLI, another window) may have changed.
  const reload = useCallback(() => {
    reloadList();
    reloadAll();
  }, [reloadList, reloadAll]);
  const filed = useFiledDocuments();
  const { fileToArchive, filing } = useFileToArchive();
  const fileNotice = async (notice: NoticeSummary) => {
    await fileToArchive(notice.number, () =>
      call('archive.fileDocument', { documentId: notice.documentId }),
    );
  };

  const load = (notice: NoticeSummary) => run(() => call('notices.pdf', { id: notice.id }));
  const download = async (notice: NoticeSummary) => {
    const file = await load(notice);
    if (file) downloadFile(file, PDF_TYPE);
  };

  const columns: ColumnsType<NoticeSummary> = [
    { title: '编号', dataIndex: 'number', width: 115 },
    { title: '类别', dataIndex: 'kind', width: 165 },
    { title: '标题', dataIndex: 'title', ellipsis: true },
    {
      title: '范围',
      dataIndex: 'gridName',
      width: 80,
      render: (name: string | null) => name ?? '全村',
    },
    {
      title: '公示期',
      key: 'period',
      width: 190,
      render: (_, n) => `${n.periodStart} 至 ${n.periodEnd}`,
    },
    { title: '发布日期', dataIndex: 'issueDate', width: 105 },
    { title: '行数', dataIndex: 'rowCount', width: 55 },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (s: NoticeStatus) => <NoticeStatusTag status={s} />,
    },
    {
      title: '',
      key: 'actions',
      width: 240,
      render: (_, n) => (
        <Space size={4} wrap>
          <Button
            size="small"
            icon={<FilePdfOutlined />}
            aria-label={`打开${n.number}`}
            onClick={() => void pdf.open(() => load(n))}
          >
            打开
          </Button>
          <Button
            size="small"
            icon={<DownloadOutlined />}
            aria-label={`下载${n.number}`}
            onClick={() => void download(n)}
          >
            下载
          </Button>
          {filed.has(n.documentId) ? (
            <FiledTag code={filed.get(n.documentId)!} />
          ) : (
            <Button
              size="small"
              icon={<InboxOutlined />}
              aria-label={`归档${n.number}`}
              loading={filing}
              onClick={() => void fileNotice(n)}
            >
              归档
            </Button>
          )}
          {n.status === '已结束' && RESULT_SOURCE_KINDS.includes(n.kind) && (
            <Button
              size="small"
              type="link"
              onClick={() => setEditing({ kind: '结果公告', sourceNoticeId: n.id })}
            >
              发布结果公告
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          公示公告
        </Typography.Title>
        <Space wrap>
          <NameFilter value={name} onChange={setName} placeholder="公示中的姓名" width={160} />
          <Select<NoticeKind>
            aria-label="按类别筛选"
            style={{ width: 200 }}
            placeholder="全部类别"
            allowClear
            value={kind}
            onChange={setKind}
            options={optionsOf(NOTICE_KINDS)}
          />
          <Select<NoticeStatus>
            aria-label="按状态筛选"
            style={{ width: 120 }}
            placeholder="全部状态"
            allowClear
            value={status}
            onChange={setStatus}
            options={optionsOf(NOTICE_STATUSES)}
          />
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label="刷新" />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ kind: '监测对象识别认定公示' })}
          >
            新建公示
          </Button>
        </Space>
      </Space>
      {list.error && (
        <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />
      )}
      {linked !== null && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="只显示从「迎检自查」打开的这份公示"
          action={
            <Button
              size="small"
              onClick={() => {
                setLinked(null);
                openPage('notices');
              }}
            >
              显示全部
            </Button>
          }
        />
      )}
      <Table<NoticeSummary>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={(list.data ?? []).filter((n) => linked === null || n.id === linked)}
        loading={list.loading}
        tableLayout="fixed"
        pagination={{
          pageSize: 50,
          showSizeChanger: false,
          showTotal: (n) => `共 ${formatNumber(n)} 份`,
        }}
        locale={{
          emptyText: (
            <ListEmpty
              filtered={filtered}
              what="公示公告"
              unit="份"
              total={all.data?.length}
              onClear={() => {
                setKind(undefined);
                setStatus(undefined);
                setName(undefined);
              }}
              empty="还没有发布过公示公告，点「新建公示」起草"
            />
          ),
        }}
      />
      {editing && (
        <NoticeEditor
          initial={editing}
          openPdf={pdf.open}
          onClose={() => setEditing(null)}
          onIssued={() => setEditing(null)}
        />
      )}
      {pdf.element}
    </>
  );
}
