import type { Envelope } from '../api/errors';
import type { SessionStatus } from '../api/session-types';
import {
  isFromService,
  SERVICE_RESTARTED,
  type FromService,
  type StartMessage,
  type ToService,
} from '../service-process/protocol';

/** What the host sees of one running service process. */
export interface ServiceConnection {
  send(message: ToService): void;
  /** Ends the process; its exit is then expected and not restarted. */
  kill(): void;
}

export interface ServiceEvents {
  message(message: unknown): void;
  /** The process ended (code null: killed by a signal or crashed). */
  exit(code: number | null): void;
}

/** Starts one service process with `start` (launch-utility.ts: Electron's utilityProcess). */
export type LaunchService = (start: StartMessage, events: ServiceEvents) => ServiceConnection;

export interface ServiceHostOptions {
  launch: LaunchService;
  dataDir: string;
  migrationsFolder: string;
  /** After an unexpected exit, once the new process is open (or failed to open). */
  onRestarted?: (outcome: { status: SessionStatus } | { failed: string }) => void;
  /** An unexpected exit, before the restart (for the log). */
  onCrashed?: (code: number | null) => void;
}

const QUITTING = { code: 'INTERNAL', message: '程序正在退出。' } as const;

type Reply = (envelope: Envelope<unknown>) => void;

interface Waiting {
  method: unknown;
  input: unknown;
  reply: Reply;
}

/** Thrown by start() when the first open fails; its message is the Chinese reason. */
export class ServiceOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceOpenError';
  }
}

/**
 * The main process's side of the service process (issue 15 item 1): forwards every contract
 * call to it and hands back its envelope. When the process ends unexpectedly, every call it
 * had not answered gets SERVICE_RESTARTED (none is dropped silently), a new process opens the
 * same data folder (SQLite's transactions leave the file whole), and calls made meanwhile wait
 * for it. The database password is never kept here: an encrypted database comes back locked.
 */
export class ServiceHost {
  private connection: ServiceConnection | null = null;
  /** Sent, not yet answered, by call id. */
  private readonly pending = new Map<number, Reply>();
  /** Not sent yet: the process is starting. */
  private queue: Waiting[] = [];
  private ready = false;
  private stopping = false;
  private nextId = 1;
  /** The operator the clerk chose (not a secret), for a restarted session. */
  private operator: string | null = null;
  private firstStart: {
    resolve: (status: SessionStatus) => void;
    reject: (error: Error) => void;
  } | null = null;
  private closed: (() => void) | null = null;

  constructor(private readonly options: ServiceHostOptions) {}

  /** Starts the first process; resolves once the data folder is open (or locked). */
  start(): Promise<SessionStatus> {
    return new Promise<SessionStatus>((resolve, reject) => {
      this.firstStart = { resolve, reject };
      this.launch();
    });
  }

  /** Forwards one call; while the process (re)starts, the call waits for it. */
  call(method: unknown, input: unknown): Promise<Envelope<unknown>> {
    return new Promise<Envelope<unknown>>((resolve) => {
      if (this.stopping) {
        resolve({ ok: false, error: QUITTING });
        return;
      }
      const waiting = { method, input, reply: resolve };
      if (this.ready) this.send(waiting);
      else {
        this.queue.push(waiting);
        // A restart whose open failed left no process: this call tries again.
        if (!this.connection) this.launch();
      }
    });
  }

  /**
   * Closes the database and ends the process; resolves when it has exited. A process still
   * busy with a long call after `graceMs` is ended anyway: the quit does not hang on it, and
   * SQLite's transaction leaves the file whole (the call's work is simply not there).
   */
  stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.answerQueued(QUITTING);
    const connection = this.connection;
    if (!connection) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => connection.kill(), graceMs);
      this.closed = () => {
        clearTimeout(timer);
        resolve();
      };
      if (this.ready) connection.send({ type: 'close' });
      else connection.kill();
    });
  }

  private launch(): void {
    this.ready = false;
    const start: StartMessage = {
      type: 'start',
      dataDir: this.options.dataDir,
      migrationsFolder: this.options.migrationsFolder,
      operator: this.operator,
    };
    let connection: ServiceConnection | null = null;
    connection = this.options.launch(start, {
      message: (message) => {
        if (connection === this.connection && isFromService(message)) this.receive(message);
      },
      exit: (code) => {
        if (connection === this.connection) this.exited(code);
      },
    });
    this.connection = connection;
  }

  private send(waiting: Waiting): void {
    const id = this.nextId++;
    this.pending.set(id, (envelope) => {
      this.remember(waiting.method, envelope);
      waiting.reply(envelope);
    });
    this.connection!.send({ type: 'call', id, method: waiting.method, input: waiting.input });
  }

  /** The operator a session call reports, so a restarted process need not ask for it again. */
  private remember(method: unknown, envelope: Envelope<unknown>): void {
    if (typeof method !== 'string' || !method.startsWith('session.') || !envelope.ok) return;
    const result = envelope.result as Partial<SessionStatus> | null;
    if (typeof result?.operator === 'string') this.operator = result.operator;
  }

  private receive(message: FromService): void {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const first = this.firstStart;
        if (first) {
          this.firstStart = null;
          first.resolve(message.status);
        } else this.options.onRestarted?.({ status: message.status });
        for (const waiting of this.queue.splice(0)) this.send(waiting);
        return;
      }
      case 'open-failed': {
        // No restart loop: the process is ended, and the next call tries once more.
        const connection = this.connection;
        this.connection = null;
        connection?.kill();
        const first = this.firstStart;
        if (first) {
          this.firstStart = null;
          first.reject(new ServiceOpenError(message.message));
          this.answerQueued({ code: 'INTERNAL', message: message.message });
          return;
        }
        this.options.onRestarted?.({ failed: message.message });
        this.answerQueued({
          code: 'INTERNAL',
          message: `后台服务重新启动后打不开数据库：${message.message}`,
        });
        return;
      }
      case 'reply': {
        const reply = this.pending.get(message.id);
        if (!reply) return;
        this.pending.delete(message.id);
        reply(message.envelope);
        return;
      }
    }
  }

  private exited(code: number | null): void {
    const wasReady = this.ready;
    this.connection = null;
    this.ready = false;
    const unanswered = [...this.pending.values()];
    this.pending.clear();
    const error = this.stopping ? QUITTING : SERVICE_RESTARTED;
    for (const reply of unanswered) reply({ ok: false, error });
    if (this.stopping) {
      this.closed?.();
      this.closed = null;
      return;
    }
    const first = this.firstStart;
    if (first) {
      // It never opened: a restart would most likely end the same way.
      this.firstStart = null;
      const reason = `后台服务未能启动（退出码 ${code ?? '无'}）。`;
      first.reject(new ServiceOpenError(reason));
      this.answerQueued({ code: 'INTERNAL', message: reason });
      return;
    }
    if (!wasReady) {
      // A restart that died before opening: no loop; the next call tries once more.
      this.options.onRestarted?.({ failed: `退出码 ${code ?? '无'}` });
      this.answerQueued({
        code: 'INTERNAL',
        message: '后台服务未能重新启动，请再试一次；仍不行请关闭程序后重新打开。',
      });
      return;
    }
    this.options.onCrashed?.(code);
    this.launch();
  }

  private answerQueued(error: { code: 'INTERNAL'; message: string }): void {
    for (const waiting of this.queue.splice(0)) waiting.reply({ ok: false, error });
  }
}
