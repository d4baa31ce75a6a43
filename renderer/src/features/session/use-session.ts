import type { SessionStatus } from '../../../../electron/api/session-types';
import { useCall } from '../../hooks/use-call';

/**
 * The session (who is working, the operator list), from the query cache the app shell reads it
 * through: 切换操作员 or a change to the list refreshes the shell's line by itself.
 */
export interface SessionState {
  status: SessionStatus | undefined;
}

export function useSession(): SessionState {
  return { status: useCall('session.status').data };
}
