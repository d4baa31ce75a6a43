import { DatabaseOpenError } from '../../db/open';
import { AppError, type Envelope } from '../api/errors';
import { scheduleDailyBackup } from '../services/backup/daily';
import { endWorkersNow } from '../services/jobs/worker-run';
import { closeLog, log, openLog } from '../services/log/logger';
import { AppSession } from '../services/session';
import { dispatchSession } from '../services/session-dispatch';
import {
  isToService,
  type CallMessage,
  type FromService,
  type StartMessage,
  type ToService,
} from './protocol';

/**
 * The service process (issue 15 item 1): the session — database, services, background jobs —
 * runs here, so no call can freeze the window. It never imports `electron`: the same file runs
 * under Electron's utilityProcess (the main process hands it a MessagePort with the start
 * message) and under Node's child_process.fork (process.send), with one message protocol
 * (protocol.ts).
 */

/** The two ends this file can be reached by; each delivers already-cloned messages. */
interface Channel {
  send(message: FromService): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** The part of Electron's MessagePortMain this file uses (structural: no `electron` import). */
interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
}

/** Electron's process.parentPort inside a utility process. */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: PortLike[] }) => void): void;
}

function portChannel(port: PortLike): Channel {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', (event) => listener(event.data));
      port.start();
    },
  };
}

function nodeChannel(): Channel {
  return {
    send: (message) => {
      process.send?.(message);
    },
    onMessage: (listener) => {
      process.on('message', listener);
    },
  };
}

function internalError(error: unknown): Envelope<unknown> {
  log.error('后台服务处理调用时出错', error);
  return { ok: false, error: { code: 'INTERNAL', message: '程序内部错误，请查看日志。' } };
}

/** Sends a reply; a result that cannot cross (a function, a class instance) becomes an error. */
function reply(channel: Channel, id: number, envelope: Envelope<unknown>): void {
  try {
    channel.send({ type: 'reply', id, envelope });
  } catch (error) {
    channel.send({ type: 'reply', id, envelope: internalError(error) });
  }
}

async function answer(channel: Channel, session: AppSession, call: CallMessage): Promise<void> {
  let envelope: Envelope<unknown>;
  try {
    envelope = await dispatchSession(session, call.method, call.input);
  } catch (error) {
    envelope = internalError(error);
  }
  reply(channel, call.id, envelope);
}

/** Opens the data folder as the desktop did in its main process, then answers calls. */
async function serve(channel: Channel, start: StartMessage): Promise<void> {
  // Listening before the open: a message that comes meanwhile (a quit) waits, not lost.
  const early: ToService[] = [];
  let session: AppSession | null = null;
  channel.onMessage((message) => {
    if (!isToService(message)) return;
    if (session) handle(session, message);
    else early.push(message);
  });
  function handle(open: AppSession, message: ToService): void {
    if (message.type === 'call') void answer(channel, open, message);
    else if (message.type === 'close') {
      // A job's worker still writing is ended first: its transaction is never committed, so
      // SQLite rolls it back and the file stays as it was before the job.
      void endWorkersNow().finally(() => {
        open.close();
        log.info('后台服务已关闭数据库');
        closeLog();
        process.exit(0);
      });
    }
  }

  openLog(start.dataDir);
  try {
    // Locked when the database has a password: the window asks for it first.
    session = await new AppSession({
      dataDir: start.dataDir,
      migrationsFolder: start.migrationsFolder,
      operator: start.operator,
      onOpened: scheduleDailyBackup,
    }).open();
  } catch (error) {
    log.error('无法打开数据库', error);
    // The parent shows the message and ends this process. The database's own failures (in
    // use, wrong password, newer schema) are Chinese already; a system error is not.
    const message =
      error instanceof DatabaseOpenError || error instanceof AppError
        ? error.message
        : `打不开数据文件夹：${(error as Error).message}`;
    channel.send({ type: 'open-failed', message });
    return;
  }
  channel.send({ type: 'ready', status: session.status() });
  for (const message of early.splice(0)) handle(session, message);
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (parentPort) {
  // Electron's utilityProcess: the start message brings the port every call goes over.
  parentPort.on('message', (event) => {
    const [port] = event.ports;
    if (port && isToService(event.data) && event.data.type === 'start') {
      void serve(portChannel(port), event.data);
    }
  });
} else if (process.send) {
  // Node's child_process.fork: the IPC channel carries the start message and every call.
  const channel = nodeChannel();
  const first = (message: unknown): void => {
    if (isToService(message) && message.type === 'start') {
      process.off('message', first);
      void serve(channel, message);
    }
  };
  process.on('message', first);
  // The parent is gone: nobody can call any more (the database closes with the process).
  process.on('disconnect', () => process.exit(0));
} else {
  console.error('后台服务只能由程序启动，不能单独运行。');
  process.exitCode = 1;
}
