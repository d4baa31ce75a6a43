import { Tabs, Typography } from 'antd';
import { CatalogueTab } from './catalogue-tab';
import { ImportsTab } from './imports-tab';

/**
 * 档案管理 (docs/domain.md §6, DA/T 22-2015 filing by item): the village's own 归档文件目录 by year,
 * and the packages of other villages loaded read-only side by side.
 */
export function ArchivePage() {
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        档案管理
      </Typography.Title>
      <Tabs
        defaultActiveKey="catalogue"
        items={[
          { key: 'catalogue', label: '本村档案', children: <CatalogueTab /> },
          { key: 'imports', label: '导入其他村的移交包', children: <ImportsTab /> },
        ]}
      />
    </>
  );
}
