import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The Electron binary does not exist here: an app stand-in that records what the module asks.
const electron = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  return {
    handlers,
    lockGranted: true,
    app: {
      requestSingleInstanceLock: vi.fn(() => electron.lockGranted),
      quit: vi.fn(),
      on: vi.fn((name: string, fn: (...args: unknown[]) => void) => handlers.set(name, fn)),
    },
  };
});
vi.mock('electron', () => ({ app: electron.app }));

const { claimSingleInstance } = await import('../../electron/main/single-instance');

/** A window that keeps its minimized state the way Electron's does. */
function fakeWindow(minimized: boolean) {
  const calls: string[] = [];
  const window = {
    isMinimized: () => minimized,
    restore: () => {
      calls.push('restore');
      minimized = false;
    },
    focus: () => calls.push(`focus${minimized ? ' (still minimized)' : ''}`),
  };
  return { window: window as unknown as BrowserWindow, calls };
}

describe('single instance', () => {
  beforeEach(() => {
    electron.handlers.clear();
    vi.clearAllMocks();
  });

  it('quits a second instance whose lock is not granted, and starts nothing', () => {
    electron.lockGranted = false;
    const currentWindow = vi.fn(() => null);
    expect(claimSingleInstance(currentWindow)).toBe(false);
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    expect(electron.handlers.has('second-instance')).toBe(false);
    expect(currentWindow).not.toHaveBeenCalled();
  });

  it('restores and focuses the minimized first window when another launch comes', () => {
    electron.lockGranted = true;
    const { window, calls } = fakeWindow(true);
    expect(claimSingleInstance(() => window)).toBe(true);
    expect(electron.app.quit).not.toHaveBeenCalled();
    electron.handlers.get('second-instance')!({}, ['village-ledger'], '/');
    expect(calls).toEqual(['restore', 'focus']);
  });

  it('only focuses a window that is not minimized, and asks for the window at each launch', () => {
    electron.lockGranted = true;
    let current: BrowserWindow | null = null;
    claimSingleInstance(() => current);
    // Launched again while the first is still opening its database: nothing to show yet.
    expect(() => electron.handlers.get('second-instance')!({}, [], '/')).not.toThrow();
    const { window, calls } = fakeWindow(false);
    current = window;
    electron.handlers.get('second-instance')!({}, [], '/');
    expect(calls).toEqual(['focus']);
  });
});
