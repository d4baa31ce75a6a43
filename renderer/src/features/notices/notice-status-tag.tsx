import { Tag } from 'antd';
import type { NoticeStatus } from '../../../../electron/api/notices-types';

const COLORS: Record<NoticeStatus, string> = {
  未开始: 'blue',
  公示中: 'green',
  已结束: 'default',
};

/** 未开始 / 公示中 / 已结束, as notices.list derives it from today and the period. */
export function NoticeStatusTag({ status }: { status: NoticeStatus }) {
  return <Tag color={COLORS[status]}>{status}</Tag>;
}
