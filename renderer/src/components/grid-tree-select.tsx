import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { GRID_LEVEL_LABELS } from '../../../electron/api/labels';
import type { GridNode } from '../../../electron/api/types';
import { useCall } from '../hooks/use-call';

interface TreeOption {
  value: number;
  title: string;
  disabled?: boolean;
  selectable?: boolean;
  children: TreeOption[];
}

/**
 * Picks a grid from the tree. For a filter any grid will do (it means "this grid and
 * below"); `groupOnly` lets only 村组网格 be picked (e.g. the monthly screening sheet), and
 * `activeOnly` greys out withdrawn grids, which take no new records.
 */
export function GridTreeSelect({
  value,
  onChange,
  groupOnly = false,
  activeOnly = false,
  placeholder = '全部网格',
  allowClear = true,
  width = 220,
  ariaLabel = '网格',
}: {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  groupOnly?: boolean;
  activeOnly?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  width?: number | string;
  ariaLabel?: string;
}) {
  const tree = useCall('grids.tree');
  const treeData = useMemo(() => {
    const convert = (nodes: GridNode[]): TreeOption[] =>
      nodes.map((node) => ({
        value: node.id,
        title: `${node.name}（${GRID_LEVEL_LABELS[node.level]}${node.archivedAt ? '，已撤销' : ''}）`,
        disabled: activeOnly && node.archivedAt !== null,
        selectable: !groupOnly || node.level === 'group',
        children: convert(node.children),
      }));
    return convert(tree.data ?? []);
  }, [tree.data, groupOnly, activeOnly]);

  return (
    <TreeSelect<number>
      aria-label={ariaLabel}
      style={{ width }}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? undefined)}
      treeData={treeData}
      loading={tree.loading}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
      notFoundContent="没有这样的网格"
    />
  );
}
