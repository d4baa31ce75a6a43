import { createContext, useContext } from 'react';
import type { SessionStatus } from '../../../../electron/api/session-types';

/**
 * The session as the app shell last loaded it (who is working, the operator list), and how
 * to load it again after 切换操作员 or a change to the list, so the shell's line stays true.
 */
export interface SessionState {
  status: SessionStatus | undefined;
  reload: () => void;
}

export const SessionContext = createContext<SessionState>({ status: undefined, reload: () => {} });

export const useSession = (): SessionState => useContext(SessionContext);
