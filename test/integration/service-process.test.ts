import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE_NAME } from '../../db/open';
import type { Envelope } from '../../electron/api/errors';
import type { SessionStatus } from '../../electron/api/session-types';
import type { GridNode } from '../../electron/api/types';
import { backupsDir } from '../../electron/services/backup/files';
import { scheduleDailyBackup } from '../../electron/services/backup/daily';
import { AppSession } from '../../electron/services/session';
import { dispatchSession } from '../../electron/services/session-dispatch';
import {
  isFromService,
  type FromService,
  type StartMessage,
} from '../../electron/service-process/protocol';
import { count } from '../fixtures/sqlite';
import { makeTempDir, MIGRATIONS_FOLDER, REPO_ROOT } from '../fixtures/temp-dir';
import { VILLAGE } from '../fixtures/village';

// Issue 15 item 1: the real service entry point, forked with Node's child_process (the
// desktop forks the built file with Electron's utilityProcess; the messages are the same).
// Vitest runs before the build, so the TypeScript source runs through tsx's loader.

const ENTRY = path.join(REPO_ROOT, 'electron', 'service-process', 'main.ts');
const PASSWORD = '村委会-2026';

/** One forked service process and the calls it has not answered yet. */
class ServiceChild {
  readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, (envelope: Envelope<unknown>) => void>();
  /** Resolves with the first ready / open-failed message. */
  readonly opened: Promise<FromService>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(dataDir: string, operator: string | null = null) {
    this.child = fork(ENTRY, [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      // Structured clone, as over Electron's MessagePort: binary payloads cross as such.
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let opened: (message: FromService) => void;
    this.opened = new Promise((resolve) => (opened = resolve));
    this.child.on('message', (message) => {
      if (!isFromService(message)) return;
      if (message.type === 'reply') {
        this.waiting.get(message.id)?.(message.envelope);
        this.waiting.delete(message.id);
      } else opened(message);
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const start: StartMessage = {
      type: 'start',
      dataDir,
      migrationsFolder: MIGRATIONS_FOLDER,
      operator,
    };
    this.child.send(start);
  }

  async status(): Promise<SessionStatus> {
    const message = await this.opened;
    if (message.type !== 'ready') throw new Error(`没有打开：${JSON.stringify(message)}`);
    return message.status;
  }

  call(method: unknown, input: unknown = {}): Promise<Envelope<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ type: 'call', id, method, input });
    });
  }

  async ok<T>(method: string, input: unknown = {}): Promise<T> {
    const envelope = await this.call(method, input);
    if (!envelope.ok) throw new Error(`${method}：${envelope.error.message}`);
    return envelope.result as T;
  }
}

function names(tree: GridNode[]): string[] {
  return tree.flatMap((node) => [node.name, ...names(node.children)]);
}

describe('the service process, forked for real', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  const children: ServiceChild[] = [];
  const start = (operator: string | null = null) => {
    const child = new ServiceChild(dataDir, operator);
    children.push(child);
    return child;
  };

  beforeAll(() => {
    temp = makeTempDir('vl-service-');
    dataDir = path.join(temp.dir, 'data');
  });
  afterEach(() => {
    for (const { child } of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  afterAll(() => temp.cleanup());

  it('opens the data folder, answers calls in envelopes, and survives SIGKILL with the data whole', async () => {
    const first = start();
    expect(await first.status()).toEqual({
      locked: false,
      encrypted: false,
      operator: null,
      operators: [],
    });
    expect(await first.call('session.status')).toEqual({
      ok: true,
      result: { locked: false, encrypted: false, operator: null, operators: [] },
    });

    // A write, then a read of it.
    await first.ok('setup.createVillage', VILLAGE);
    const tree = await first.ok<GridNode[]>('grids.tree');
    expect(names(tree)).toEqual(['石门县', '柳湾镇', '杨柳村', '一组', '二组']);
    expect(await first.ok('session.setOperator', { name: '王会计' })).toMatchObject({
      operator: '王会计',
      operators: ['王会计'],
    });

    // Errors cross as envelopes with Chinese messages; the process keeps serving.
    expect(await first.call('fs.readFile', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    const bad = await first.call('grids.create', { parentId: -1, level: 'planet', name: 42 });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('VALIDATION');
    expect(bad.error.message).toContain('编号必须大于 0');
    expect(bad.error.message).toContain('层级只能是');
    // Binary input crosses the structured clone and is refused by the schema, not the channel.
    expect(
      await first.call('grids.rename', { id: 4, name: new Uint8Array([0xe4, 0xb8, 0x80]) }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    // Killed while idle: the committed write is in the file, which a new process opens whole.
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const second = start('王会计');
    expect(await second.status()).toMatchObject({ locked: false, operator: '王会计' });
    expect(names(await second.ok<GridNode[]>('grids.tree'))).toEqual(names(tree));
    expect(await second.ok('app.info')).toBeTruthy();

    // A clean close ends the process; the file passes SQLite's own check.
    second.child.send({ type: 'close' });
    expect(await second.exited).toEqual({ code: 0, signal: null });
    const sqlite = new Database(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true });
    try {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(count(sqlite, 'grids')).toBe(5);
    } finally {
      sqlite.close();
    }
  }, 120_000);

  it('brings an encrypted database back locked after a kill; the password unlocks it', async () => {
    const first = start('王会计');
    await first.status();
    // The day's automatic backup may still run in the background, and a password change
    // waits for it (正在备份…): try until it is accepted.
    await vi.waitFor(
      async () =>
        expect(await first.call('security.setPassword', { next: PASSWORD })).toMatchObject({
          ok: true,
          result: { encrypted: true, locked: false },
        }),
      { timeout: 60_000, interval: 200 },
    );
    first.child.kill('SIGKILL');
    await first.exited;

    const second = start('王会计');
    expect(await second.status()).toMatchObject({ locked: true, encrypted: true });
    expect(await second.call('grids.tree')).toMatchObject({
      ok: false,
      error: { code: 'LOCKED', message: '数据库已设密码，请先输入数据库密码。' },
    });
    expect(await second.ok('session.unlock', { password: PASSWORD })).toMatchObject({
      locked: false,
      operator: '王会计',
    });
    expect(names(await second.ok<GridNode[]>('grids.tree'))).toContain('杨柳村');
  }, 120_000);

  it('says in Chinese when the data folder cannot be opened', async () => {
    const notFolder = path.join(temp.dir, 'a-file');
    fs.writeFileSync(notFolder, 'not a folder');
    const child = new ServiceChild(path.join(notFolder, 'data'));
    children.push(child);
    const message = await child.opened;
    expect(message.type).toBe('open-failed');
    if (message.type === 'open-failed') expect(message.message).toMatch(/^打不开数据文件夹：/);
  }, 120_000);
});

describe('the first unlock of an encrypted database', () => {
  it('answers before the daily backup starts, and the backup follows', async () => {
    const temp = makeTempDir('vl-unlock-');
    const dataDir = path.join(temp.dir, 'data');
    const setUp = await new AppSession({ dataDir, migrationsFolder: MIGRATIONS_FOLDER }).open();
    try {
      await dispatchSession(setUp, 'setup.createVillage', VILLAGE);
      await dispatchSession(setUp, 'security.setPassword', { next: PASSWORD });
    } finally {
      setUp.close();
    }
    const backups: Promise<string | null>[] = [];
    const session = await new AppSession({
      dataDir,
      migrationsFolder: MIGRATIONS_FOLDER,
      onOpened: (ctx) => backups.push(scheduleDailyBackup(ctx)),
    }).open();
    try {
      expect(session.locked).toBe(true);
      const unlocked = await dispatchSession(session, 'session.unlock', { password: PASSWORD });
      expect(unlocked).toMatchObject({ ok: true, result: { locked: false } });
      // The reply is out; the backup was scheduled but has not written anything yet.
      expect(backups).toHaveLength(1);
      const automatic = () =>
        fs.existsSync(backupsDir(session.ctx))
          ? fs.readdirSync(backupsDir(session.ctx)).filter((name) => name.startsWith('自动-'))
          : [];
      expect(automatic()).toEqual([]);
      const file = await backups[0]!;
      expect(file).not.toBeNull();
      await vi.waitFor(() => expect(automatic()).toEqual([path.basename(file!)]));
    } finally {
      session.close();
      temp.cleanup();
    }
  }, 120_000);
});
