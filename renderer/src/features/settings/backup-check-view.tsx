import { Alert, Descriptions, Space } from 'antd';
import dayjs from 'dayjs';
import type { BackupCheck } from '../../../../electron/api/backup-types';

/** The office clock's time of an ISO instant, with seconds. */
export const localTime = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');

export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** What a checked backup holds, shown before the clerk confirms a restore. */
export function BackupCheckView({ check }: { check: BackupCheck }) {
  const c = check.counts;
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Descriptions
        column={2}
        size="small"
        bordered
        styles={{ label: { whiteSpace: 'nowrap', width: 120 } }}
        items={[
          { key: 'file', label: '备份文件', children: check.file, span: 2 },
          ...(check.createdAt
            ? [{ key: 'at', label: '备份时间', children: localTime(check.createdAt) }]
            : []),
          {
            key: 'last',
            label: '最后修改',
            // Alone in its row when the backup has no time of its own (a .db).
            span: check.createdAt ? 1 : 2,
            children: check.lastChange ? localTime(check.lastChange) : '没有操作记录',
          },
          {
            key: 'counts',
            label: '数据',
            span: 2,
            children: `网格 ${c.grids}，农户 ${c.households}，成员 ${c.members}，网格员 ${c.workers}，问题 ${c.problems}，走访 ${c.visits}，归档文件 ${c.archiveItems}`,
          },
          {
            key: 'files',
            label: '文件',
            span: 2,
            children: check.whole
              ? `照片、附件、公示、归档原件等 ${check.files.count} 个，共 ${fileSize(check.files.bytes)}`
              : '没有（旧版备份，只有数据库）',
          },
          {
            key: 'schema',
            label: '数据库结构版本',
            children:
              check.schemaVersion < check.appSchemaVersion
                ? `${check.schemaVersion}（较旧，恢复时会升级到 ${check.appSchemaVersion}）`
                : String(check.schemaVersion),
          },
          { key: 'encrypted', label: '加密', children: check.encrypted ? '已加密' : '未加密' },
        ]}
      />
      {check.notes.map((note) => (
        <Alert key={note} type="warning" showIcon title={note} />
      ))}
    </Space>
  );
}
