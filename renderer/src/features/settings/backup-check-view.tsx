import { Alert, Descriptions, Space } from 'antd';
import dayjs from 'dayjs';
import type { BackupCheck, RestoreLoss } from '../../../../electron/api/backup-types';

/** The office clock's time of an ISO instant, with seconds. */
export const localTime = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');

export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** What the current data would lose, when the check compared it (docs/domain.md §6). */
export const lossOf = (check: BackupCheck): RestoreLoss | undefined =>
  (check as BackupCheck & { loss?: RestoreLoss }).loss;

/** The files a whole backup carries beside its database, when the check says. */
interface FilesHeld {
  count: number;
  bytes: number;
}

function filesOf(check: BackupCheck): FilesHeld | null | undefined {
  const files = (check as BackupCheck & { files?: FilesHeld | null }).files;
  return files;
}

/** What a checked backup holds, shown before the clerk confirms a restore. */
export function BackupCheckView({ check }: { check: BackupCheck }) {
  const c = check.counts;
  const files = filesOf(check);
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          { key: 'file', label: '备份文件', children: check.file },
          {
            key: 'last',
            label: '最后修改',
            children: check.lastChange ? localTime(check.lastChange) : '没有操作记录',
          },
          {
            key: 'counts',
            label: '数据',
            children: `网格 ${c.grids}，农户 ${c.households}，成员 ${c.members}，网格员 ${c.workers}，问题 ${c.problems}，走访 ${c.visits}，归档文件 ${c.archiveItems}`,
          },
          ...(files
            ? [
                {
                  key: 'files',
                  label: '文件',
                  children: `照片、附件、公示和归档原件等 ${files.count} 个，共 ${fileSize(files.bytes)}`,
                },
              ]
            : []),
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
      {files === null && (
        <Alert
          type="warning"
          showIcon
          title="这是旧版程序做的备份，只有数据库，没有照片、附件和归档原件。"
          description="恢复后，公示的 PDF、归档文件的原件、照片和附件要另外从数据文件夹的拷贝里找回。"
        />
      )}
    </Space>
  );
}
