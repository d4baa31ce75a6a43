import { Card, Collapse, Tag, Typography } from 'antd';
import type { SelfCheckGroupReport } from '../../../../electron/api/self-check-types';
import { FindingsTable } from './findings-table';

/** What a group (or a report) with no finding says (docs/domain.md §9). */
export const NOTHING_FOUND = '未发现问题';

/**
 * One group of the report: its checks that found something, each expandable to its findings,
 * and the checks that found nothing named in one line, so the clerk sees what was checked.
 */
export function GroupCard({ group, index }: { group: SelfCheckGroupReport; index: number }) {
  const found = group.items.filter((item) => item.count > 0);
  const clean = group.items.filter((item) => item.count === 0);
  return (
    <Card
      size="small"
      id={`self-check-group-${index}`}
      title={`${'一二三四五六七八九十'[index] ?? index + 1}、${group.group}`}
      extra={
        group.count === 0 ? (
          <Tag color="success">{NOTHING_FOUND}</Tag>
        ) : (
          <Tag color="error">{group.count} 条</Tag>
        )
      }
      style={{ marginBottom: 12 }}
    >
      {found.length > 0 && (
        <Collapse
          size="small"
          items={found.map((item) => ({
            key: item.code,
            label: (
              <span>
                <Typography.Text strong>{item.title}</Typography.Text>
                <Tag color="error" style={{ marginInlineStart: 8 }}>
                  {item.count} 条
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {item.rule}
                </Typography.Text>
              </span>
            ),
            children: <FindingsTable findings={item.findings} />,
          }))}
        />
      )}
      {found.length === 0 ? (
        <Typography.Paragraph style={{ margin: 0 }}>
          {NOTHING_FOUND}。
          <Typography.Text type="secondary">
            已检查：{group.items.map((item) => item.title).join('；') || '无'}
          </Typography.Text>
        </Typography.Paragraph>
      ) : (
        clean.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            以下检查{NOTHING_FOUND}：{clean.map((item) => item.title).join('；')}
          </Typography.Paragraph>
        )
      )}
    </Card>
  );
}
