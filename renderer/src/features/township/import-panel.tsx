import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, List, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type {
  LoadedVillage,
  ReportImportFileResult,
  ReportImportOutcome,
  ReportImportRecord,
} from '../../../../electron/api/report-import-types';
import { call } from '../../api/client';
import { fileBytes } from '../../api/files';
import { afterJob } from '../../api/query-client';
import { JobProgress } from '../../components/job-progress';
import { useCall, errorText } from '../../hooks/use-call';

/**
 * 导入上报包 (docs/domain.md §11): pick one or several village packages (.zip, or .vlrp with a
 * password), import them as one job with progress, and see each file's outcome, the villages
 * loaded now and the 导入记录. A package is checked whole before anything is written; an older
 * one never overwrites a newer one.
 */

const OUTCOME: Record<ReportImportOutcome, { label: string; color: string }> = {
  loaded: { label: '已导入', color: 'green' },
  unchanged: { label: '无变化', color: 'blue' },
  refused: { label: '已拒绝', color: 'red' },
};

const ALERT: Record<ReportImportOutcome, 'success' | 'info' | 'error'> = {
  loaded: 'success',
  unchanged: 'info',
  refused: 'error',
};

/** 2026-05-06T07:08:09.000Z → 2026-05-06 15:08 (local time). */
function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Bytes of packages sent in one call. */
const BATCH_BYTES = 40 * 1024 * 1024;

/** The files in order, grouped so each group stays under BATCH_BYTES (a bigger file alone). */
function batches(files: File[]): File[][] {
  const groups: File[][] = [];
  let size = 0;
  for (const file of files) {
    const last = groups.at(-1);
    if (last && size + file.size <= BATCH_BYTES) {
      last.push(file);
      size += file.size;
    } else {
      groups.push([file]);
      size = file.size;
    }
  }
  return groups;
}

export function TownshipImportPanel() {
  const [files, setFiles] = useState<File[]>([]);
  const [password, setPassword] = useState('');
  const [jobId, setJobId] = useState<string>();
  const [results, setResults] = useState<ReportImportFileResult[]>();
  const [error, setError] = useState<string>();
  const villages = useCall('township.villages', {});
  const history = useCall('township.imports', {});
  const busy = jobId !== undefined;

  const start = async () => {
    setResults(undefined);
    setError(undefined);
    const done: ReportImportFileResult[] = [];
    try {
      // A few files per call, so one request stays well inside what a door carries (the web
      // host takes about 58 MB); each call is its own job, followed in turn.
      for (const batch of batches(files)) {
        const followJobId = crypto.randomUUID();
        setJobId(followJobId);
        const picked = await Promise.all(
          batch.map(async (f) => ({ fileName: f.name, data: await fileBytes(f) })),
        );
        const answer = await call('township.importPackages', {
          files: picked,
          followJobId,
          ...(password ? { password } : {}),
        });
        done.push(...answer);
        setResults([...done]);
      }
      setFiles([]);
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setJobId(undefined);
      afterJob();
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="导入村里的上报包">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            可一次选择多个村的上报包（.zip，加了密码的是
            .vlrp）。每个上报包先整体检查（文件是否齐全、校验值、条数、数据格式、是否本乡镇的村），没有问题才导入，并替换该村以前导入的数据；较旧的上报包不会覆盖较新的。上报包含身份证号、电话等个人信息，属内部资料，仅供审核汇总使用。
          </Typography.Paragraph>
          <Upload.Dragger
            multiple
            accept=".zip,.vlrp"
            disabled={busy}
            fileList={files.map((f, i) => ({
              uid: `${i}-${f.name}`,
              name: f.name,
              status: 'done',
            }))}
            beforeUpload={(file) => {
              setFiles((list) => [...list, file]);
              return false;
            }}
            onRemove={(removed) => setFiles((list) => list.filter((f) => f.name !== removed.name))}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>点击或把上报包拖到这里（可多选）</p>
          </Upload.Dragger>
          <Space wrap>
            <Input.Password
              aria-label="上报包密码"
              placeholder="上报包密码（没有加密的不用填）"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              disabled={busy}
              style={{ width: 280 }}
              autoComplete="off"
            />
            <Button
              type="primary"
              disabled={files.length === 0}
              loading={busy}
              onClick={() => void start()}
            >
              导入{files.length > 0 ? `（${files.length} 个）` : ''}
            </Button>
          </Space>
          <JobProgress jobId={jobId} title="正在导入上报包" />
          {error && <Alert type="error" showIcon title={error} />}
          {results && (
            <section aria-label="导入结果">
              <List
                size="small"
                dataSource={results}
                renderItem={(r) => (
                  <List.Item>
                    <Alert
                      style={{ width: '100%' }}
                      type={ALERT[r.outcome]}
                      showIcon
                      title={`${OUTCOME[r.outcome].label}：${r.fileName}`}
                      description={r.message}
                    />
                  </List.Item>
                )}
              />
            </section>
          )}
        </Space>
      </Card>

      <Card title="已导入的村">
        <Table<LoadedVillage>
          aria-label="已导入的村"
          size="small"
          rowKey="id"
          loading={villages.loading}
          dataSource={villages.data ?? []}
          pagination={false}
          locale={{ emptyText: '还没有导入任何村的上报包' }}
          columns={[
            { title: '乡镇', dataIndex: 'townshipName' },
            { title: '村', dataIndex: 'villageName' },
            { title: '上报月份', dataIndex: 'period' },
            { title: '数据时间', dataIndex: 'dataTime', render: (v: string) => localTime(v) },
            { title: '农户', render: (_, v) => v.counts.households ?? 0 },
            { title: '成员', render: (_, v) => v.counts.members ?? 0 },
            { title: '问题', render: (_, v) => v.counts.problems ?? 0 },
            { title: '走访', render: (_, v) => v.counts.visits ?? 0 },
            { title: '导入时间', dataIndex: 'importedAt', render: (v: string) => localTime(v) },
            { title: '导入人', dataIndex: 'importedBy' },
          ]}
        />
      </Card>

      <Card title="导入记录">
        <Table<ReportImportRecord>
          aria-label="导入记录"
          size="small"
          rowKey="id"
          loading={history.loading}
          dataSource={history.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '还没有导入记录' }}
          columns={[
            {
              title: '时间',
              dataIndex: 'importedAt',
              width: 140,
              render: (v: string) => localTime(v),
            },
            { title: '文件', dataIndex: 'fileName' },
            { title: '村', dataIndex: 'villageName' },
            { title: '月份', dataIndex: 'period', width: 90 },
            {
              title: '结果',
              dataIndex: 'outcome',
              width: 80,
              render: (o: ReportImportOutcome) => (
                <Tag color={OUTCOME[o].color}>{OUTCOME[o].label}</Tag>
              ),
            },
            { title: '说明', dataIndex: 'message' },
            { title: '操作人', dataIndex: 'importedBy', width: 100 },
          ]}
        />
      </Card>
    </Space>
  );
}
