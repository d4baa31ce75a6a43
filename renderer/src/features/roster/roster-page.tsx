import { TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { hashNumber } from '../../app/navigation';
import { ExcelMenu } from './excel-menu';
import { useCall } from '../../hooks/use-call';
import { GridTreePanel } from './grid-tree-panel';
import { GridView } from './grid-view';
import { HouseholdView } from './household-view';
import { RosterSearch } from './roster-search';
import { WorkerView } from './worker-view';
import { WorkersTable } from './workers-table';

type Selection =
  | { kind: 'grid'; id: number }
  | { kind: 'household'; id: number; gridId: number | null }
  | { kind: 'worker'; id: number }
  | { kind: 'workers' }
  | null;

/**
 * What '#/roster?household=12' (or grid=, worker=) opens: how another page (迎检自查) links to
 * the record that fixes a finding.
 */
function linkedSelection(hash: string): Selection {
  const household = hashNumber(hash, 'household');
  if (household) return { kind: 'household', id: household, gridId: null };
  const grid = hashNumber(hash, 'grid');
  if (grid) return { kind: 'grid', id: grid };
  const worker = hashNumber(hash, 'worker');
  return worker ? { kind: 'worker', id: worker } : null;
}

/** 网格花名册: the grid tree on the left; a grid, a household or the workers on the right. */
export function RosterPage() {
  const [selection, setSelection] = useState<Selection>(() =>
    linkedSelection(window.location.hash),
  );
  const [monitorOnly, setMonitorOnly] = useState(false);
  const overCap = useCall('grids.overCap', {});
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
          <ExcelMenu gridId={gridId} monitorOnly={monitorOnly} />
          <Button icon={<TeamOutlined />} onClick={() => setSelection({ kind: 'workers' })}>
            网格员
          </Button>
        </Space>
      </Space>
      {(overCap.data?.length ?? 0) > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`有 ${overCap.data!.length} 个村组网格超过户数上限（${overCap.data![0]!.householdCap} 户，可在「设置」中修改）`}
          description={overCap.data!.map((g) => (
            <Button
              key={g.gridId}
              type="link"
              size="small"
              onClick={() => setSelection({ kind: 'grid', id: g.gridId })}
            >
              {g.path.slice(-2).join(' / ')}（{g.householdCount} 户）
            </Button>
          ))}
        />
      )}
      <Row gutter={16} wrap={false}>
        <Col flex="380px">
          <Card size="small" title="网格">
            <GridTreePanel
              selectedId={gridId}
              onSelect={(id) => setSelection({ kind: 'grid', id })}
            />
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {selection === null && <Empty description="在左边选一个网格，或用上面的查找框找农户" />}
          {selection?.kind === 'grid' && (
            <GridView
              gridId={selection.id}
              monitorOnly={monitorOnly}
              onMonitorOnlyChange={setMonitorOnly}
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
              onDeleted={() =>
                setSelection(
                  selection.gridId === null ? null : { kind: 'grid', id: selection.gridId },
                )
              }
            />
          )}
          {selection?.kind === 'worker' && (
            <WorkerView
              key={selection.id}
              workerId={selection.id}
              onDeleted={() => setSelection({ kind: 'workers' })}
            />
          )}
          {selection?.kind === 'workers' && (
            <WorkersTable onOpen={(id) => setSelection({ kind: 'worker', id })} />
          )}
        </Col>
      </Row>
    </>
  );
}
