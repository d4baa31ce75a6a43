import { Alert, Card, Empty, Spin, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo } from 'react';
import { GRID_LEVEL_LABELS } from '../../../../electron/api/labels';
import type { GridNode } from '../../../../electron/api/types';
import { useCall } from '../../hooks/use-call';

function toTreeData(nodes: GridNode[]): DataNode[] {
  return nodes.map((node) => ({
    key: node.id,
    title: `${node.name}（${GRID_LEVEL_LABELS[node.level]}）`,
    children: toTreeData(node.children),
  }));
}

/** Keys of every node above the group level, so the tree opens down to the 村民小组. */
function openKeys(nodes: GridNode[], keys: number[] = []): number[] {
  for (const node of nodes) {
    if (node.children.length > 0 && node.level !== 'group') {
      keys.push(node.id);
      openKeys(node.children, keys);
    }
  }
  return keys;
}

/** 网格花名册: the grid tree for now; workers and households come with the roster. */
export function GridTreePage() {
  const tree = useCall('grids.tree');
  const treeData = useMemo(() => toTreeData(tree.data ?? []), [tree.data]);
  const expanded = useMemo(() => openKeys(tree.data ?? []), [tree.data]);

  return (
    <>
      <Typography.Title level={3}>网格花名册</Typography.Title>
      <Typography.Paragraph type="secondary">
        网格员与分工、农户与成员、Excel 导入导出将在本页陆续提供；现在可查看网格划分。
      </Typography.Paragraph>
      <Card title="网格划分" style={{ maxWidth: 720 }}>
        {tree.error && <Alert type="error" title={tree.error.message} />}
        {tree.loading && !tree.data && <Spin />}
        {tree.data && tree.data.length === 0 && <Empty description="还没有网格" />}
        {treeData.length > 0 && (
          // height turns on virtual scrolling: a county has thousands of group grids.
          <Tree
            treeData={treeData}
            defaultExpandedKeys={expanded}
            height={560}
            showLine
            selectable={false}
          />
        )}
      </Card>
    </>
  );
}
