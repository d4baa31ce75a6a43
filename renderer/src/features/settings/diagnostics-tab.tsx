import { Typography } from 'antd';

/** 导出诊断信息: placeholder until this tab is built in issue #7; replaced, not shipped. */
export function DiagnosticsTab() {
  return <Typography.Paragraph type="secondary">导出诊断信息：正在建设中。</Typography.Paragraph>;
}
