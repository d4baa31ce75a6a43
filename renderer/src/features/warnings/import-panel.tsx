import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import {
  WARNING_FIELD_LABELS,
  WARNING_FIELDS,
  type WarningImportResult,
  type WarningMapping,
  type WarningPreview,
  type WarningRowProblem,
  type WarningUnmatched,
} from '../../../../electron/api/warnings-types';
import { call } from '../../api/client';
import { fileBytes } from '../../api/files';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';

/**
 * 导入预警名单 (docs/domain.md §11): pick the file → its header and first rows with a proposed
 * column for each field (the clerk may change any) and every row problem → 导入. Nothing is
 * written before 导入; the import is one transaction.
 */
export function WarningImportPanel({ onImported }: { onImported: (batchId: number) => void }) {
  const { run, busy } = useAction();
  const [file, setFile] = useState<{ name: string; data: Uint8Array }>();
  const [preview, setPreview] = useState<WarningPreview>();
  const [mapping, setMapping] = useState<WarningMapping>();
  const [department, setDepartment] = useState('');
  const [defaultWorkerId, setDefaultWorkerId] = useState<number>();
  const [result, setResult] = useState<WarningImportResult>();
  const workers = useCall('workers.list', { limit: 200 });

  const pick = async (picked: File) => {
    setResult(undefined);
    setPreview(undefined);
    const data = await fileBytes(picked);
    const next = await run(() => call('warnings.preview', { fileName: picked.name, data }));
    if (next) {
      setFile({ name: picked.name, data });
      setPreview(next);
      setMapping(next.mapping);
    }
    return false;
  };

  const submit = async () => {
    if (!file || !mapping) return;
    const done = await run(
      () =>
        call('warnings.import', {
          fileName: file.name,
          data: file.data,
          mapping,
          ...(department.trim() ? { department: department.trim() } : {}),
          ...(defaultWorkerId ? { defaultWorkerId } : {}),
        }),
      '预警名单已导入',
    );
    if (done) {
      setResult(done);
      setPreview(undefined);
      setFile(undefined);
      onImported(done.batchId);
    }
  };

  const columnOptions = (preview?.columns ?? []).map((header, i) => ({
    value: i,
    label: `第 ${i + 1} 列：${header || '（无列名）'}`,
  }));

  return (
    <Card title="导入预警名单" size="small">
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Upload.Dragger
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={pick}
          disabled={busy}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>点击或把部门发来的预警名单拖到这里（.xlsx 或 .csv，最大 10 MB）</p>
          <Typography.Text type="secondary">
            先预览并核对各列，点「导入」后才会登记问题。
          </Typography.Text>
        </Upload.Dragger>
        {result && <ImportResult result={result} />}
        {preview && mapping && (
          <>
            <Descriptions
              size="small"
              bordered
              column={3}
              items={[
                { key: 'file', label: '文件', children: preview.fileName },
                { key: 'header', label: '表头所在行', children: `第 ${preview.headerRow} 行` },
                { key: 'rows', label: '数据行', children: preview.rowCount },
              ]}
            />
            {!preview.recognised && (
              <Alert
                type="warning"
                showIcon
                title="没有认出表头里的列名，请为下面各项选择对应的列。"
              />
            )}
            <Form layout="vertical" component="div">
              <Space wrap align="start">
                {WARNING_FIELDS.map((field) => (
                  <Form.Item
                    key={field}
                    label={WARNING_FIELD_LABELS[field]}
                    style={{ marginBottom: 8 }}
                  >
                    <Select
                      aria-label={`${WARNING_FIELD_LABELS[field]}对应的列`}
                      style={{ width: 200 }}
                      allowClear
                      placeholder="文件中没有这一列"
                      value={mapping[field] ?? undefined}
                      options={columnOptions}
                      onChange={(value?: number) =>
                        setMapping({ ...mapping, [field]: value ?? null })
                      }
                    />
                  </Form.Item>
                ))}
                <Form.Item label="预警部门（文件中没有时填写）" style={{ marginBottom: 8 }}>
                  <Input
                    aria-label="预警部门"
                    style={{ width: 200 }}
                    maxLength={50}
                    value={department}
                    onChange={(e) => setDepartment(e.target.value)}
                  />
                </Form.Item>
                <Form.Item label="默认登记人（网格没有在岗网格员时）" style={{ marginBottom: 8 }}>
                  <Select
                    aria-label="默认登记人"
                    style={{ width: 200 }}
                    allowClear
                    showSearch
                    optionFilterProp="label"
                    placeholder="按网格自动确定"
                    value={defaultWorkerId}
                    onChange={(value?: number) => setDefaultWorkerId(value)}
                    options={(workers.data?.rows ?? []).map((w) => ({
                      value: w.id,
                      label: w.name,
                    }))}
                  />
                </Form.Item>
              </Space>
            </Form>
            {preview.problemCount > 0 ? (
              <Alert
                type="warning"
                showIcon
                title={`有 ${preview.problemCount} 处问题：这些行导入后列为「未匹配」并写明原因（日期有误的行按导入当天计算核查时限）。`}
              />
            ) : (
              <Alert type="success" showIcon title="检查通过，没有发现问题。" />
            )}
            {preview.problemCount > 0 && (
              <Table<WarningRowProblem>
                size="small"
                rowKey={(p) => `${p.row}-${p.column}-${p.reason}`}
                dataSource={preview.problems}
                pagination={{ pageSize: 5, showSizeChanger: false }}
                columns={[
                  { title: '行', dataIndex: 'row', width: 60 },
                  { title: '列', dataIndex: 'column', width: 140 },
                  { title: '问题', dataIndex: 'reason' },
                ]}
              />
            )}
            <Table
              size="small"
              title={() => '前几行（身份证号已隐去中间部分）'}
              rowKey="row"
              dataSource={preview.sample}
              pagination={false}
              scroll={{ x: 'max-content', y: 240 }}
              columns={[
                { title: '行', dataIndex: 'row', width: 50 },
                ...preview.columns.map((header, i) => ({
                  title: header || `第 ${i + 1} 列`,
                  key: String(i),
                  render: (_: unknown, row: WarningPreview['sample'][number]) => row.cells[i],
                })),
              ]}
            />
            <Space>
              <Button
                type="primary"
                loading={busy}
                disabled={mapping.idNumber === null && mapping.name === null}
                onClick={submit}
              >
                导入
              </Button>
              <Button
                onClick={() => {
                  setPreview(undefined);
                  setFile(undefined);
                }}
              >
                取消
              </Button>
            </Space>
          </>
        )}
      </Space>
    </Card>
  );
}

function ImportResult({ result }: { result: WarningImportResult }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type={result.unmatched > 0 ? 'warning' : 'success'}
        showIcon
        title={`已导入 ${result.rowCount} 行：匹配 ${result.matched} 行，未匹配 ${result.unmatched} 行，重复 ${result.duplicates} 行`}
        description={`新登记「部门筛查预警」问题 ${result.registered} 个${result.linked ? `，${result.linked} 行关联到该户已有的同类预警问题` : ''}。核查须在预警日期后 3 个工作日内完成。`}
      />
      {result.unmatchedRows.length > 0 && (
        <Table<WarningUnmatched>
          size="small"
          title={() => '未匹配的行'}
          rowKey="row"
          dataSource={result.unmatchedRows}
          pagination={{ pageSize: 5, showSizeChanger: false }}
          columns={[
            { title: '行', dataIndex: 'row', width: 60 },
            { title: '姓名', dataIndex: 'name', width: 90 },
            { title: '身份证号', dataIndex: 'idNumber', width: 180 },
            { title: '村', dataIndex: 'village', width: 90 },
            { title: '原因', dataIndex: 'reason' },
          ]}
        />
      )}
    </Space>
  );
}
