import { Space, Tag } from 'antd';
import type { ProblemStatus } from '../../../../electron/api/ledger-enums';

const COLORS: Record<ProblemStatus, string> = {
  未解决: 'orange',
  处理中: 'blue',
  已解决: 'green',
};

/** 状态, and 逾期 N 天 in red while a problem is past its 办结时限 and not resolved. */
export function ProblemStatusTag({
  status,
  overdueDays,
}: {
  status: ProblemStatus;
  overdueDays: number | null;
}) {
  return (
    <Space size={2} wrap>
      <Tag color={COLORS[status]}>{status}</Tag>
      {overdueDays !== null && <Tag color="red">逾期 {overdueDays} 天</Tag>}
    </Space>
  );
}
