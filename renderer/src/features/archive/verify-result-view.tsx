import { Alert, Descriptions, List, Space, Tag, Typography } from 'antd';
import type { VerifyResult } from '../../../../electron/api/archive-types';

/** 账账相符 (docs/domain.md §6): the catalogue, 文件目录.XML and the manifest count the same items. */
export function AgreeTag({ result }: { result: VerifyResult }) {
  return result.catalogue.agree ? (
    <Tag color="success">账账相符</Tag>
  ) : (
    <Tag color="error">账账不符</Tag>
  );
}

/** 校验 passed or not, in one tag. */
export function VerifyTag({ result }: { result: VerifyResult }) {
  return result.ok ? <Tag color="success">校验通过</Tag> : <Tag color="error">校验未通过</Tag>;
}

function Problems({ title, files }: { title: string; files: string[] }) {
  if (files.length === 0) return null;
  return (
    <List
      size="small"
      bordered
      style={{ marginTop: 8 }}
      header={
        <Typography.Text strong>
          {title}（{files.length} 个）
        </Typography.Text>
      }
      // A package of 1,000 items may list many; the first 200 say enough.
      dataSource={files.slice(0, 200)}
      renderItem={(file) => (
        <List.Item>
          <Typography.Text code>{file}</Typography.Text>
        </List.Item>
      )}
      footer={files.length > 200 ? `另有 ${files.length - 200} 个未列出` : undefined}
    />
  );
}

/**
 * What 校验 found: every file re-hashed against SHA256SUMS.txt (missing, changed, extra),
 * and 账账相符 — the items in 归档文件目录.xlsx, in 文件目录.XML and the 电子档案 files in the
 * manifest agree.
 */
export function VerifyResultView({ result }: { result: VerifyResult }) {
  const { catalogue } = result;
  return (
    <div aria-label="校验结果">
      <Alert
        type={result.ok && catalogue.agree ? 'success' : 'error'}
        showIcon
        title={
          result.ok && catalogue.agree
            ? `校验通过：${result.checked} 个文件与清单一致，账账相符`
            : '校验未通过：移交包与它的校验清单不一致'
        }
        description={
          <Space wrap>
            <span>已核对 {result.checked} 个文件</span>
            <span>缺少 {result.missing.length} 个</span>
            <span>被改动 {result.changed.length} 个</span>
            <span>多出 {result.extra.length} 个</span>
            <AgreeTag result={result} />
          </Space>
        }
      />
      <Descriptions
        size="small"
        column={3}
        style={{ marginTop: 8 }}
        items={[
          { key: 'xlsx', label: '归档文件目录.xlsx', children: `${catalogue.items} 件` },
          { key: 'xml', label: '文件目录.XML', children: `${catalogue.xmlItems} 件` },
          {
            key: 'manifest',
            label: '清单中的电子档案',
            children: `${catalogue.manifestFiles} 个`,
          },
        ]}
      />
      <Problems title="缺少的文件" files={result.missing} />
      <Problems title="被改动的文件（SHA-256 不符）" files={result.changed} />
      <Problems title="清单以外多出的文件" files={result.extra} />
    </div>
  );
}
