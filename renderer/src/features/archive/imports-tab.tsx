import { DeleteOutlined, ImportOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ImportItem, ImportSummary } from '../../../../electron/api/archive-types';
import { call } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { PATH_HELP } from './archive-format';
import { AgreeTag, VerifyResultView, VerifyTag } from './verify-result-view';

/**
 * 导入其他村的移交包 (issue 6 part 4): a township loads several villages' packages read-only
 * and sees them side by side — counts, 校验 and 账账相符 — and each one's catalogue. A package
 * that fails 校验 is still loaded, marked, so the township sees what is wrong with it.
 */
export function ImportsTab() {
  const [form] = Form.useForm<{ path: string }>();
  const { run, busy, confirmDelete } = useAction();
  const [openId, setOpenId] = useState<number | null>(null);
  const imports = useCall('archive.imports', undefined);
  const detail = useCall('archive.importDetail', openId === null ? null : { id: openId });

  const load = async ({ path }: { path: string }) => {
    const loaded = await run(
      () => call('archive.importPackage', { path: path.trim() }),
      '移交包已导入',
    );
    if (!loaded) return;
    form.resetFields();
    setOpenId(loaded.id);
  };

  // A damaged copy is removed so the intact one can be loaded (docs/domain.md §6).
  const remove = (p: ImportSummary) =>
    confirmDelete({
      title: `删除导入的移交包（编号 ${p.id}）？`,
      content: `${p.label}「${p.sourceName}」的只读副本和它的目录将被删除（${p.folder}），记入操作记录；本村自己的档案不受影响。${p.check.ok ? '' : '删除后可以重新导入完好的那一份。'}`,
      remove: () => call('archive.removeImport', { id: p.id }),
      success: '已删除导入的移交包',
      onDone: () => {
        if (openId === p.id) setOpenId(null);
      },
    });

  const columns: ColumnsType<ImportSummary> = [
    { title: '来源', dataIndex: 'label', width: 180, ellipsis: { showTitle: true } },
    { title: '移交包', dataIndex: 'sourceName', width: 280, ellipsis: { showTitle: true } },
    { title: '全宗号', dataIndex: 'fondsCode', width: 90 },
    { title: '件数', dataIndex: 'itemCount', width: 70, align: 'right' },
    { title: '文件数', dataIndex: 'fileCount', width: 80, align: 'right' },
    {
      title: '目录 / XML / 电子档案',
      key: 'counts',
      width: 170,
      render: (_, p) =>
        `${p.check.catalogue.items} / ${p.check.catalogue.xmlItems} / ${p.check.catalogue.manifestFiles}`,
    },
    {
      title: '账账相符',
      key: 'agree',
      width: 100,
      render: (_, p) => <AgreeTag result={p.check} />,
    },
    {
      title: '校验',
      key: 'check',
      width: 190,
      render: (_, p) => (
        <Space size={4}>
          <VerifyTag result={p.check} />
          {!p.check.ok && (
            <Typography.Text type="danger">
              缺{p.check.missing.length} 改{p.check.changed.length} 多{p.check.extra.length}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '导入时间',
      dataIndex: 'createdAt',
      width: 160,
      render: (t: string) => t.slice(0, 16).replace('T', ' '),
    },
    {
      title: '',
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_, p) => (
        <Button
          size="small"
          type="link"
          danger
          icon={<DeleteOutlined />}
          aria-label={`删除导入的移交包${p.id}`}
          onClick={(event) => {
            event.stopPropagation();
            remove(p);
          }}
        >
          删除
        </Button>
      ),
    },
  ];

  const itemColumns: ColumnsType<ImportItem> = [
    { title: '顺序号', dataIndex: 'seq', width: 70, align: 'right' },
    { title: '档号', dataIndex: 'archivalCode', width: 230 },
    { title: '责任者', dataIndex: 'responsible', width: 150, ellipsis: { showTitle: true } },
    { title: '题名', dataIndex: 'title', width: 320, ellipsis: { showTitle: true } },
    { title: '日期', dataIndex: 'date', width: 90 },
    { title: '密级', dataIndex: 'secrecy', width: 60 },
    { title: '电子档案名称', dataIndex: 'fileName', width: 260, ellipsis: { showTitle: true } },
    { title: '备注', dataIndex: 'note', width: 140, ellipsis: { showTitle: true } },
  ];

  const open = detail.data;
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary">
          导入其他村（或本村以前）导出的移交包，只读保存一份并校验，不会改动本村的档案。{PATH_HELP}
        </Typography.Paragraph>
        <Form form={form} name="archiveImport" layout="inline" onFinish={load}>
          <Form.Item
            label="移交包的位置"
            name="path"
            rules={[{ required: true, whitespace: true, message: '请填写移交包的位置' }]}
            style={{ flex: 1 }}
          >
            <Input placeholder="文件夹或 .zip，例如 D:\移交包\杨柳村2025.zip" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<ImportOutlined />} loading={busy}>
              导入
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {imports.error && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={imports.error.message} />
      )}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>已导入的移交包（点一行查看它的目录）</Typography.Text>
        <Button
          size="small"
          icon={<ReloadOutlined />}
          aria-label="刷新移交包"
          onClick={imports.reload}
        />
      </Space>
      <Table<ImportSummary>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={imports.data ?? []}
        loading={imports.loading}
        pagination={false}
        scroll={{ x: 1400 }}
        rowClassName={(p) => (p.id === openId ? 'ant-table-row-selected' : '')}
        onRow={(p) => ({ onClick: () => setOpenId(p.id), style: { cursor: 'pointer' } })}
        locale={{ emptyText: '还没有导入移交包' }}
      />
      {detail.error && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title={detail.error.message} />
      )}
      {open && open.id === openId && (
        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={`${open.label}：${open.sourceName}（${open.items.length} 件）`}
          extra={
            <Typography.Text type="secondary" copyable={{ text: open.folder }}>
              只读副本：{open.folder}
            </Typography.Text>
          }
        >
          <VerifyResultView result={open.check} />
          <Table<ImportItem>
            virtual
            style={{ marginTop: 12 }}
            size="small"
            rowKey="seq"
            columns={itemColumns}
            dataSource={open.items}
            pagination={false}
            scroll={{ x: 1320, y: 420 }}
            locale={{ emptyText: '这个移交包的文件目录是空的' }}
          />
        </Card>
      )}
    </>
  );
}
