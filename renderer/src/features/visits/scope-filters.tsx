import { GridTreeSelect } from '../../components/grid-tree-select';
import { NameFilter } from '../../components/name-filter';
import { WorkerSelect } from '../../components/worker-select';

/** Which households a visits list shows: by a name in the household, a grid, a worker. */
export interface VisitScope {
  name?: string | undefined;
  gridId?: number | undefined;
  workerId?: number | undefined;
}

/** The scope as a call's input: only the filters set. */
export function scopeInput(scope: VisitScope) {
  return {
    ...(scope.gridId ? { gridId: scope.gridId } : {}),
    ...(scope.workerId ? { workerId: scope.workerId } : {}),
    ...(scope.name ? { name: scope.name } : {}),
  };
}

/**
 * The filters 本月应走访 and 走访登记 share: 户主或成员姓名, 网格, 网格员 (the worker picker
 * offers the chosen grid's workers first). Each change hands only what changed to `onChange`
 * (the name box applies after a pause: merged by the caller, it never undoes a later pick).
 */
export function VisitScopeFilters({
  scope,
  onChange,
}: {
  scope: VisitScope;
  onChange: (change: VisitScope) => void;
}) {
  return (
    <>
      <NameFilter
        value={scope.name}
        placeholder="户主或成员姓名"
        width={170}
        onChange={(name) => onChange({ name })}
      />
      <GridTreeSelect
        value={scope.gridId}
        onChange={(gridId) => onChange({ gridId })}
        ariaLabel="按网格筛选"
      />
      <WorkerSelect
        value={scope.workerId}
        onChange={(workerId) => onChange({ workerId })}
        preferGridId={scope.gridId}
        ariaLabel="按网格员筛选"
      />
    </>
  );
}
