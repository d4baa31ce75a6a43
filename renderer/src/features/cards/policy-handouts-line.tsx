import { Descriptions } from 'antd';
import { useCall } from '../../hooks/use-call';

/**
 * 政策明白纸 on a household's page (docs/domain.md §9 「Publicity」): each handout as
 * 「2026-03-01 张三 发放」, or 未发放.
 */
export function PolicyHandoutsLine({ householdId }: { householdId: number }) {
  const handouts = useCall('policy.household', { householdId });
  const list = handouts.data ?? [];
  return (
    <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
      <Descriptions.Item label="政策明白纸">
        {handouts.data === undefined
          ? '…'
          : list.length === 0
            ? '未发放'
            : list.map((h) => `${h.handedDate} ${h.handedBy} 发放`).join('；')}
      </Descriptions.Item>
    </Descriptions>
  );
}
