import { Typography } from 'antd';

/** 操作员与操作记录: placeholder until this tab is built in issue #7; replaced, not shipped. */
export function OperatorsTab() {
  return (
    <Typography.Paragraph type="secondary">操作员与操作记录：正在建设中。</Typography.Paragraph>
  );
}
