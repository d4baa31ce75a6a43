import { Typography } from 'antd';

/** 备份与恢复: placeholder until this tab is built in issue #7; replaced, not shipped. */
export function BackupTab() {
  return <Typography.Paragraph type="secondary">备份与恢复：正在建设中。</Typography.Paragraph>;
}
