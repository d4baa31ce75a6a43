import { Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useWorkspace } from '../../hooks/use-workspace';
import { TownshipImportPanel } from './import-panel';
import { townshipOutputTabs } from './outputs/tabs';
import { townshipReviewTabs } from './review/tabs';

/**
 * 乡镇汇总 (docs/domain.md §11): the page of a 乡镇/县 workspace. Its tabs are one array: the
 * import (here), the township outputs (outputs/tabs.tsx) and 审核意见 (review/tabs.tsx) are
 * appended to it.
 */
export const TOWNSHIP_TABS: { key: string; label: string; children: ReactNode }[] = [
  { key: 'import', label: '导入上报包', children: <TownshipImportPanel /> },
  ...townshipOutputTabs,
  ...townshipReviewTabs,
];

export function TownshipPage() {
  const workspace = useWorkspace();
  const what = workspace?.kind === 'county' ? '县级汇总库' : '乡镇汇总库';
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {workspace
          ? `${what}：${workspace.county}${workspace.kind === 'township' ? workspace.name : ''}`
          : '乡镇汇总'}
      </Typography.Title>
      <Tabs items={TOWNSHIP_TABS} destroyOnHidden />
    </>
  );
}
