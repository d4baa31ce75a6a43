import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Form, Input, Select, Space, Tag, Tooltip, Tree, TreeSelect } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { GRID_LEVEL_LABELS } from '../../../../electron/api/labels';
import type { GridLevel } from '../../../../electron/api/schemas';
import type { GridNode } from '../../../../electron/api/types';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { isRollUpWorkspace, useWorkspace } from '../../hooks/use-workspace';

const LEVELS: GridLevel[] = ['county', 'township', 'village', 'group', 'cell'];
/**
 * The levels a new sub-grid may have: any lower level, but a 组内网格 only directly under a
 * 村民小组, and nothing under a 组内网格 (docs/domain.md §1).
 */
const below = (level: GridLevel): GridLevel[] =>
  level === 'group'
    ? ['cell']
    : LEVELS.slice(LEVELS.indexOf(level) + 1).filter((l) => l !== 'cell');

function findNode(nodes: GridNode[], id: number): GridNode | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const found = findNode(node.children, id);
    if (found) return found;
  }
  return undefined;
}

/** Keys of every node with sub-grids, so the tree opens down to the 村民小组 and its 组内网格. */
function openKeys(nodes: GridNode[], keys: number[] = []): number[] {
  for (const node of nodes) {
    if (node.children.length > 0) {
      keys.push(node.id);
      openKeys(node.children, keys);
    }
  }
  return keys;
}

type Dialog = { kind: 'add' | 'rename' | 'move'; node: GridNode } | null;
interface GridValues {
  name: string;
  level: GridLevel;
  parentId: number;
}

/** The grid tree of 网格花名册: select a grid; add, rename, move or delete it. */
export function GridTreePanel({
  selectedId,
  onSelect,
}: {
  selectedId: number | null;
  onSelect: (id: number) => void;
}) {
  const tree = useCall('grids.tree', {});
  const overCap = useCall('grids.overCap', {});
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<GridValues>();
  const { confirmDelete } = useAction();
  // A 乡镇汇总库's grids came in the villages' packages (docs/domain.md §11): read-only.
  const readOnly = isRollUpWorkspace(useWorkspace());
  const nodes = useMemo(() => tree.data ?? [], [tree.data]);
  const selected = selectedId === null ? undefined : findNode(nodes, selectedId);

  const capById = useMemo(
    () => new Map((overCap.data ?? []).map((g) => [g.gridId, g])),
    [overCap.data],
  );
  const treeData = useMemo(() => {
    const convert = (list: GridNode[]): DataNode[] =>
      list.map((node) => {
        const cap = capById.get(node.id);
        return {
          key: node.id,
          title: (
            <span>
              {node.name}（{GRID_LEVEL_LABELS[node.level]}）
              {cap && (
                <Tag color="red" style={{ marginLeft: 6 }}>
                  超上限 {cap.householdCount}/{cap.householdCap} 户
                </Tag>
              )}
            </span>
          ),
          children: convert(node.children),
        };
      });
    return convert(nodes);
  }, [nodes, capById]);
  const expanded = useMemo(() => openKeys(nodes), [nodes]);

  const open = (kind: 'add' | 'rename' | 'move') => {
    if (!selected) return;
    form.resetFields();
    if (kind === 'add') form.setFieldsValue({ level: below(selected.level)[0] });
    if (kind === 'rename') form.setFieldsValue({ name: selected.name });
    setDialog({ kind, node: selected });
  };

  // Saved only from the open dialog, so `dialog` is set.
  const save = (values: GridValues) => {
    const { kind, node } = dialog!;
    return kind === 'add'
      ? call('grids.create', { parentId: node.id, level: values.level, name: values.name })
      : kind === 'rename'
        ? call('grids.rename', { id: node.id, name: values.name })
        : call('grids.move', { id: node.id, parentId: values.parentId });
  };

  const remove = () => {
    if (!selected) return;
    confirmDelete({
      title: `删除网格「${selected.name}」？`,
      content: '有历史记录（曾经的网格员或农户）的网格会撤销并保留记录，不会真正删除。',
      remove: () => call('grids.delete', { id: selected.id }),
    });
  };

  const moveTargets = useMemo(() => {
    if (dialog?.kind !== 'move') return [];
    const convert = (list: GridNode[]): object[] =>
      list
        .filter((n) => n.id !== dialog.node.id)
        .map((n) => ({
          value: n.id,
          title: `${n.name}（${GRID_LEVEL_LABELS[n.level]}）`,
          // A 组内网格 moves only to another 村民小组; nothing moves under a 组内网格.
          disabled:
            dialog.node.level === 'cell'
              ? n.level !== 'group'
              : LEVELS.indexOf(n.level) >= LEVELS.indexOf(dialog.node.level) || n.level === 'cell',
          children: convert(n.children),
        }));
    return convert(nodes);
  }, [dialog, nodes]);

  return (
    <div>
      <Space wrap style={{ marginBottom: 8, display: readOnly ? 'none' : undefined }}>
        <Tooltip title="在选中的网格下新增一级">
          <Button
            size="small"
            icon={<PlusOutlined />}
            disabled={!selected || selected.level === 'cell'}
            onClick={() => open('add')}
          >
            新增下级
          </Button>
        </Tooltip>
        <Button
          size="small"
          icon={<EditOutlined />}
          disabled={!selected}
          onClick={() => open('rename')}
        >
          改名
        </Button>
        <Button
          size="small"
          icon={<DragOutlined />}
          disabled={!selected || selected.parentId === null}
          onClick={() => open('move')}
        >
          移动
        </Button>
        <Button size="small" danger icon={<DeleteOutlined />} disabled={!selected} onClick={remove}>
          删除
        </Button>
      </Space>
      {nodes.length === 0 && !tree.loading && <Empty description="还没有网格" />}
      {treeData.length > 0 && (
        // height turns on virtual scrolling: a county has thousands of group grids.
        <Tree
          key={expanded.join(',')}
          treeData={treeData}
          defaultExpandedKeys={expanded}
          selectedKeys={selectedId === null ? [] : [selectedId]}
          onSelect={(keys) => keys[0] !== undefined && onSelect(Number(keys[0]))}
          height={620}
          showLine
          blockNode
          aria-label="网格树"
        />
      )}
      <FormDialog
        form={form}
        open={dialog !== null}
        title={
          dialog?.kind === 'add'
            ? `在「${dialog.node.name}」下新增网格`
            : dialog?.kind === 'rename'
              ? `给「${dialog.node.name}」改名`
              : `把「${dialog?.node.name}」移到`
        }
        okText="确定"
        preserve={false}
        save={save}
        success={
          dialog?.kind === 'add' ? '已新增网格' : dialog?.kind === 'rename' ? '已改名' : '已移动'
        }
        onSaved={() => setDialog(null)}
        onClose={() => setDialog(null)}
      >
        {dialog?.kind === 'add' && (
          <Form.Item label="层级" name="level" rules={[{ required: true, message: '请选择层级' }]}>
            <Select
              options={below(dialog.node.level).map((l) => ({
                value: l,
                label: GRID_LEVEL_LABELS[l],
              }))}
            />
          </Form.Item>
        )}
        {dialog?.kind !== 'move' && (
          <Form.Item
            label="网格名称"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请填写网格名称' }]}
          >
            <Input maxLength={50} placeholder="例如：第四村民小组" />
          </Form.Item>
        )}
        {dialog?.kind === 'move' && (
          <Form.Item
            label="新的上级网格"
            name="parentId"
            rules={[{ required: true, message: '请选择上级网格' }]}
          >
            <TreeSelect
              treeData={moveTargets}
              treeDefaultExpandAll
              showSearch
              treeNodeFilterProp="title"
            />
          </Form.Item>
        )}
      </FormDialog>
    </div>
  );
}
