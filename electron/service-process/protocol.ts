import type { ApiErrorShape, Envelope } from '../api/errors';
import type { SessionStatus } from '../api/session-types';

/**
 * The messages between the desktop's main process and the service process (issue 15 item 1).
 * Every message survives the structured clone (MessagePort, utilityProcess, and Node's
 * child_process with `serialization: 'advanced'`), so a Uint8Array or ArrayBuffer in an input
 * or a result crosses as binary.
 */

/** What the service needs to open the data folder; the first message it gets. */
export interface StartMessage {
  type: 'start';
  dataDir: string;
  migrationsFolder: string;
  /**
   * Who was working before a restart (not a secret; session.setOperator's name). Never the
   * database password: an encrypted database comes back locked and the window asks again.
   */
  operator: string | null;
}

/** One contract call; `method` and `input` are still unchecked (dispatch parses them). */
export interface CallMessage {
  type: 'call';
  id: number;
  method: unknown;
  input: unknown;
}

/** Closes the database and ends the process (the app is quitting). */
export interface CloseMessage {
  type: 'close';
}

export type ToService = StartMessage | CallMessage | CloseMessage;

/** The data folder is open (or locked, waiting for its password): calls may come. */
export interface ReadyMessage {
  type: 'ready';
  status: SessionStatus;
}

/** The database could not be opened; `message` is the Chinese sentence to show. */
export interface OpenFailedMessage {
  type: 'open-failed';
  message: string;
}

export interface ReplyMessage {
  type: 'reply';
  id: number;
  envelope: Envelope<unknown>;
}

export type FromService = ReadyMessage | OpenFailedMessage | ReplyMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isToService(value: unknown): value is ToService {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'start':
      return (
        typeof value.dataDir === 'string' &&
        typeof value.migrationsFolder === 'string' &&
        (value.operator === null || typeof value.operator === 'string')
      );
    case 'call':
      return typeof value.id === 'number';
    case 'close':
      return true;
    default:
      return false;
  }
}

export function isFromService(value: unknown): value is FromService {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return isRecord(value.status);
    case 'open-failed':
      return typeof value.message === 'string';
    case 'reply':
      return typeof value.id === 'number' && isRecord(value.envelope);
    default:
      return false;
  }
}

/** What every call still waiting gets when the service process ended unexpectedly. */
export const SERVICE_RESTARTED: ApiErrorShape = {
  code: 'SERVICE_RESTARTED',
  message: '后台服务意外退出，已自动重新启动；刚才的操作没有完成，请再做一次。',
};
