import { Tabs, Typography } from 'antd';
import { EvaluationTab } from './evaluation-tab';
import { MonthlyTab } from './monthly-tab';
import { ReportPackageTab } from './report-package-tab';
import { ScreeningSheetTab } from './screening-sheet-tab';

/** 统计报表: 月通报 with charts, the group grid heads' monthly sheet, 实绩评价, the 上报包. */
export function ReportsPage() {
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        统计报表
      </Typography.Title>
      <Tabs
        defaultActiveKey="monthly"
        destroyOnHidden
        items={[
          { key: 'monthly', label: '月通报', children: <MonthlyTab /> },
          { key: 'screening', label: '月度排查表', children: <ScreeningSheetTab /> },
          { key: 'evaluation', label: '实绩评价', children: <EvaluationTab /> },
          { key: 'package', label: '上报包', children: <ReportPackageTab /> },
        ]}
      />
    </>
  );
}
