import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { StartMessage } from '../../electron/service-process/protocol';

// The Electron binary does not exist here: stand-ins for utilityProcess and MessageChannelMain
// that record what the launcher does with them.
class FakePort extends EventEmitter {
  posted: unknown[] = [];
  started = false;
  closed = false;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  start() {
    this.started = true;
  }
  close() {
    this.closed = true;
  }
}

class FakeChild extends EventEmitter {
  posted: { message: unknown; transfer: unknown[] }[] = [];
  killed = false;
  postMessage(message: unknown, transfer: unknown[] = []) {
    this.posted.push({ message, transfer });
  }
  kill() {
    this.killed = true;
    return true;
  }
}

const forks: { entry: string; options: unknown; child: FakeChild }[] = [];
const channels: { port1: FakePort; port2: FakePort }[] = [];
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (entry: string, _args: string[], options: unknown) => {
      const child = new FakeChild();
      forks.push({ entry, options, child });
      return child;
    },
  },
  MessageChannelMain: class {
    port1 = new FakePort();
    port2 = new FakePort();
    constructor() {
      channels.push(this);
    }
  },
}));

const { launchUtilityProcess } = await import('../../electron/main/launch-utility');

const start: StartMessage = {
  type: 'start',
  dataDir: '/data',
  migrationsFolder: '/app/db/migrations',
  operator: null,
};

describe('starting the service process with utilityProcess', () => {
  it('hands the process one end of a channel with the start message, and talks over the other', () => {
    const messages: unknown[] = [];
    const exits: (number | null)[] = [];
    const connection = launchUtilityProcess('/app/out/main/service-process.js')(start, {
      message: (message) => messages.push(message),
      exit: (code) => exits.push(code),
    });
    const { entry, child } = forks[0]!;
    const { port1, port2 } = channels[0]!;
    expect(entry).toBe('/app/out/main/service-process.js');
    expect(forks[0]!.options).toMatchObject({ stdio: 'inherit' });
    // Nothing before the process exists; then the start message carries port2.
    expect(child.posted).toEqual([]);
    child.emit('spawn');
    expect(child.posted).toEqual([{ message: start, transfer: [port2] }]);
    expect(port1.started).toBe(true);

    connection.send({ type: 'call', id: 1, method: 'grids.tree', input: {} });
    expect(port1.posted).toEqual([{ type: 'call', id: 1, method: 'grids.tree', input: {} }]);
    port1.emit('message', { data: { type: 'ready' }, ports: [] });
    expect(messages).toEqual([{ type: 'ready' }]);

    connection.kill();
    expect(child.killed).toBe(true);
    child.emit('exit', 9);
    expect(exits).toEqual([9]);
    expect(port1.closed).toBe(true);
  });
});
