import { TeamOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { ExcelMenu } from './excel-menu';
import { GridTreePanel } from './grid-tree-panel';
import { GridView } from './grid-view';
import { HouseholdView } from './household-view';
import { RosterSearch } from './roster-search';
import { WorkersTable, WorkerView } from './worker-view';

type Selection =
  | { kind: 'grid'; id: number }
  | { kind: 'household'; id: number; gridId: number | null }
  | { kind: 'worker'; id: number }
  | { kind: 'workers' }
  | null;

/** 网格花名册: the grid tree on the left; a grid, a household or the workers on the right. */
export function RosterPage() {
  const [selection, setSelection] = useState<Selection>(null);
  // Bumped after any change, so the tree, counts and lists reload.
  const [refresh, setRefresh] = useState(0);
  const changed = useCallback(() => setRefresh((r) => r + 1), []);
  const gridId =
    selection?.kind === 'grid'
      ? selection.id
      : selection?.kind === 'household'
        ? selection.gridId
        : null;

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          网格花名册
        </Typography.Title>
        <Space>
          <RosterSearch onOpenHousehold={(id) => setSelection({ kind: 'household', id, gridId })} />
          <ExcelMenu gridId={gridId} onImported={changed} />
          <Button icon={<TeamOutlined />} onClick={() => setSelection({ kind: 'workers' })}>
            网格员
          </Button>
        </Space>
      </Space>
      <Row gutter={16} wrap={false}>
        <Col flex="380px">
          <Card size="small" title="网格">
            <GridTreePanel
              selectedId={gridId}
              onSelect={(id) => setSelection({ kind: 'grid', id })}
              version={refresh}
              onChanged={changed}
            />
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {selection === null && <Empty description="在左边选一个网格，或用上面的查找框找农户" />}
          {selection?.kind === 'grid' && (
            <GridView
              gridId={selection.id}
              refresh={refresh}
              onChanged={changed}
              onOpenHousehold={(id) =>
                setSelection({ kind: 'household', id, gridId: selection.id })
              }
              onOpenWorker={(id) => setSelection({ kind: 'worker', id })}
            />
          )}
          {selection?.kind === 'household' && (
            <HouseholdView
              key={selection.id}
              householdId={selection.id}
              onChanged={changed}
              onDeleted={() => {
                changed();
                setSelection(
                  selection.gridId === null ? null : { kind: 'grid', id: selection.gridId },
                );
              }}
            />
          )}
          {selection?.kind === 'worker' && <WorkerView workerId={selection.id} refresh={refresh} />}
          {selection?.kind === 'workers' && (
            <WorkersTable
              refresh={refresh}
              onOpen={(id) => setSelection({ kind: 'worker', id })}
              onChanged={changed}
            />
          )}
        </Col>
      </Row>
    </>
  );
}
