import type { WorkspaceInfo } from '../../../electron/api/workspace-contract';
import { useCall } from './use-call';

/**
 * What kind of database is open (docs/domain.md §11): a village ledger, or a 乡镇/县 roll-up whose
 * village records are read-only. Undefined while loading; pages treat that as "village" only for
 * showing, never for allowing a change (the service refuses changes in a roll-up anyway).
 */
export function useWorkspace(): WorkspaceInfo | undefined {
  return useCall('workspace.get').data;
}

export const isRollUpWorkspace = (w: WorkspaceInfo | undefined): boolean =>
  w !== undefined && w.kind !== 'village';
