import { describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../electron/api/errors';
import type { SessionStatus } from '../../electron/api/session-types';
import {
  ServiceHost,
  ServiceOpenError,
  type ServiceEvents,
  type ServiceHostOptions,
} from '../../electron/main/service-host';
import type { CallMessage, StartMessage, ToService } from '../../electron/service-process/protocol';

// The main process's forwarding (issue 15 item 1) against a fake service process: a port that
// records what it was sent and answers when the test says so.

interface FakeService {
  start: StartMessage;
  sent: ToService[];
  events: ServiceEvents;
  killed: boolean;
}

const open: SessionStatus = { locked: false, encrypted: false, operator: null, operators: [] };
const locked: SessionStatus = { locked: true, encrypted: true, operator: null, operators: [] };

function setup(extra: Partial<ServiceHostOptions> = {}) {
  const launched: FakeService[] = [];
  const restarts: unknown[] = [];
  const crashes: (number | null)[] = [];
  const host = new ServiceHost({
    dataDir: '/data/村',
    migrationsFolder: '/app/db/migrations',
    launch: (start, events) => {
      const fake: FakeService = { start, sent: [], events, killed: false };
      launched.push(fake);
      return {
        send: (message) => fake.sent.push(message),
        kill: () => {
          fake.killed = true;
        },
      };
    },
    onRestarted: (outcome) => restarts.push(outcome),
    onCrashed: (code) => crashes.push(code),
    ...extra,
  });
  const latest = () => launched[launched.length - 1]!;
  const calls = (fake: FakeService) =>
    fake.sent.filter((message): message is CallMessage => message.type === 'call');
  const answer = (fake: FakeService, call: CallMessage, envelope: Envelope<unknown>) =>
    fake.events.message({ type: 'reply', id: call.id, envelope });
  return { host, launched, latest, calls, answer, restarts, crashes };
}

describe('the main process forwarding calls to the service process', () => {
  it('starts with the data folder, waits for ready, and answers each call with its own reply', async () => {
    const { host, launched, latest, calls, answer } = setup();
    const started = host.start();
    expect(latest().start).toEqual({
      type: 'start',
      dataDir: '/data/村',
      migrationsFolder: '/app/db/migrations',
      operator: null,
    });
    // Made before the process is open: it waits instead of being dropped.
    const early = host.call('settings.get', {});
    expect(calls(latest())).toEqual([]);
    latest().events.message({ type: 'ready', status: open });
    await expect(started).resolves.toEqual(open);

    const second = host.call('grids.tree', {});
    const third = host.call('grids.create', { name: '一组' });
    const [a, b, c] = calls(latest());
    expect([a!.method, b!.method, c!.method]).toEqual([
      'settings.get',
      'grids.tree',
      'grids.create',
    ]);
    expect(c!.input).toEqual({ name: '一组' });
    expect(new Set([a!.id, b!.id, c!.id]).size).toBe(3);
    // Answered out of order: each caller still gets its own envelope.
    answer(latest(), c!, { ok: true, result: { id: 3 } });
    answer(latest(), a!, { ok: true, result: { householdCap: 100 } });
    answer(latest(), b!, { ok: false, error: { code: 'NOT_FOUND', message: '找不到' } });
    expect(await early).toEqual({ ok: true, result: { householdCap: 100 } });
    expect(await second).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '找不到' } });
    expect(await third).toEqual({ ok: true, result: { id: 3 } });
    expect(launched).toHaveLength(1);
  });

  it('answers every pending call with the Chinese restart error when the process dies, then restarts it', async () => {
    const { host, launched, latest, calls, answer, restarts, crashes } = setup();
    const started = host.start();
    latest().events.message({ type: 'ready', status: open });
    await started;
    const first = launched[0]!;
    const pending = [host.call('roster.export', {}), host.call('ledger.list', {})];
    const done = host.call('settings.get', {});
    answer(first, calls(first)[2]!, { ok: true, result: 'answered' });
    expect(await done).toEqual({ ok: true, result: 'answered' });

    first.events.exit(null);
    for (const envelope of await Promise.all(pending)) {
      expect(envelope).toEqual({
        ok: false,
        error: {
          code: 'SERVICE_RESTARTED',
          message: '后台服务意外退出，已自动重新启动；刚才的操作没有完成，请再做一次。',
        },
      });
    }
    expect(crashes).toEqual([null]);
    // A new process on the same data folder.
    expect(launched).toHaveLength(2);
    expect(latest().start.dataDir).toBe('/data/村');

    // Calls made while it restarts wait for it, and nothing goes to the dead one.
    const during = host.call('grids.tree', {});
    expect(calls(latest())).toEqual([]);
    latest().events.message({ type: 'ready', status: open });
    expect(restarts).toEqual([{ status: open }]);
    const [waited] = calls(latest());
    expect(waited!.method).toBe('grids.tree');
    answer(latest(), waited!, { ok: true, result: [] });
    expect(await during).toEqual({ ok: true, result: [] });
    expect(calls(first)).toHaveLength(3);
  });

  it('brings back the chosen operator after a restart, never the database password', async () => {
    const { host, launched, latest, calls, answer, restarts } = setup();
    const started = host.start();
    latest().events.message({ type: 'ready', status: locked });
    await started;
    const unlock = host.call('session.unlock', { password: 'mima-1234' });
    answer(latest(), calls(latest())[0]!, {
      ok: true,
      result: { ...open, encrypted: true },
    });
    await unlock;
    const choose = host.call('session.setOperator', { name: '李会计' });
    answer(latest(), calls(latest())[1]!, {
      ok: true,
      result: { ...open, encrypted: true, operator: '李会计', operators: ['李会计'] },
    });
    await choose;

    latest().events.exit(1);
    expect(launched).toHaveLength(2);
    expect(latest().start).toEqual({
      type: 'start',
      dataDir: '/data/村',
      migrationsFolder: '/app/db/migrations',
      operator: '李会计',
    });
    expect(JSON.stringify(latest().start)).not.toContain('mima-1234');
    // The encrypted database comes back locked: the window is told (index.ts reloads it).
    latest().events.message({ type: 'ready', status: { ...locked, operator: '李会计' } });
    expect(restarts).toEqual([{ status: { ...locked, operator: '李会计' } }]);
  });

  it('rejects the first start with the reason when the database cannot be opened', async () => {
    const { host, latest } = setup();
    const started = host.start();
    const early = host.call('session.status', {});
    latest().events.message({ type: 'open-failed', message: '数据库正被另一个程序使用' });
    await expect(started).rejects.toThrow(ServiceOpenError);
    await expect(started).rejects.toThrow('数据库正被另一个程序使用');
    expect(latest().killed).toBe(true);
    expect(await early).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '数据库正被另一个程序使用' },
    });
  });

  it('rejects the first start when the process dies before it opens, without a restart', async () => {
    const { host, launched, latest } = setup();
    const started = host.start();
    const early = host.call('session.status', {});
    latest().events.exit(134);
    await expect(started).rejects.toThrow('后台服务未能启动（退出码 134）。');
    expect(await early).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(launched).toHaveLength(1);
  });

  it('does not loop when a restart fails: waiting calls are told, the next call tries again', async () => {
    const { host, launched, latest, calls, answer, restarts } = setup();
    const started = host.start();
    latest().events.message({ type: 'ready', status: open });
    await started;
    latest().events.exit(null);
    const waiting = host.call('grids.tree', {});
    latest().events.message({ type: 'open-failed', message: '磁盘已满' });
    expect(await waiting).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '后台服务重新启动后打不开数据库：磁盘已满' },
    });
    expect(restarts).toEqual([{ failed: '磁盘已满' }]);
    expect(launched).toHaveLength(2);

    // The restarted process also dies before it opens: still no loop.
    const again = host.call('grids.tree', {});
    expect(launched).toHaveLength(3);
    latest().events.exit(null);
    expect(await again).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(launched).toHaveLength(3);

    const later = host.call('grids.tree', {});
    expect(launched).toHaveLength(4);
    latest().events.message({ type: 'ready', status: open });
    answer(latest(), calls(latest())[0]!, { ok: true, result: ['组'] });
    expect(await later).toEqual({ ok: true, result: ['组'] });
  });

  it('closes the service on quit and does not restart it when it exits', async () => {
    const { host, launched, latest } = setup();
    const started = host.start();
    latest().events.message({ type: 'ready', status: open });
    await started;
    const stopped = host.stop();
    expect(latest().sent).toEqual([{ type: 'close' }]);
    latest().events.exit(0);
    await stopped;
    expect(launched).toHaveLength(1);
    expect(await host.call('settings.get', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: '程序正在退出。' },
    });
  });

  it('ends a process still busy with a long call when the quit has waited long enough', async () => {
    vi.useFakeTimers();
    try {
      const { host, latest } = setup();
      const started = host.start();
      latest().events.message({ type: 'ready', status: open });
      await started;
      const busy = host.call('roster.import', {});
      const stopped = host.stop(5_000);
      vi.advanceTimersByTime(4_999);
      expect(latest().killed).toBe(false);
      vi.advanceTimersByTime(1);
      expect(latest().killed).toBe(true);
      latest().events.exit(null);
      await stopped;
      expect(await busy).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: '程序正在退出。' },
      });
    } finally {
      vi.useRealTimers();
    }
  });
});
