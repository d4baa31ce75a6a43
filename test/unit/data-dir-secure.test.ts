import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppEntry, secureDataDir } from '../../electron/services/data-dir';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vl-secure-'));
  made.push(dir);
  return dir;
}

describe.skipIf(process.platform === 'win32')('secureDataDir', () => {
  it('tightens a dedicated data folder and everything the app keeps in it', () => {
    const dir = folder();
    fs.chmodSync(dir, 0o755);
    fs.mkdirSync(path.join(dir, 'documents', '2026'), { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'documents', '2026', 'a.pdf'), 'x', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'village-ledger.db'), 'x', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'issued-numbers.json'), '{}', { mode: 0o644 });
    for (const [file, m] of [
      ['documents', 0o755],
      ['documents/2026', 0o755],
      ['documents/2026/a.pdf', 0o644],
      ['village-ledger.db', 0o644],
    ] as const)
      fs.chmodSync(path.join(dir, file), m);
    secureDataDir(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, 'documents', '2026'))).toBe(0o700);
    expect(mode(path.join(dir, 'documents', '2026', 'a.pdf'))).toBe(0o600);
    expect(mode(path.join(dir, 'village-ledger.db'))).toBe(0o600);
    expect(mode(path.join(dir, 'issued-numbers.json'))).toBe(0o600);
  });

  it('leaves what is not the app’s alone in a folder chosen by hand (a script keeps its exec bit)', () => {
    const dir = folder();
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    fs.mkdirSync(path.join(dir, 'src'), { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'src', 'notes.txt'), 'x', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'village-ledger.db'), 'x', { mode: 0o644 });
    // Modes given by hand: an earlier secureDataDir() set this process's umask to 077.
    fs.chmodSync(path.join(dir, 'run.sh'), 0o755);
    fs.chmodSync(path.join(dir, 'src'), 0o755);
    fs.chmodSync(path.join(dir, 'src', 'notes.txt'), 0o644);
    secureDataDir(dir);
    expect(mode(path.join(dir, 'run.sh'))).toBe(0o755);
    expect(mode(path.join(dir, 'src'))).toBe(0o755);
    expect(mode(path.join(dir, 'src', 'notes.txt'))).toBe(0o644);
    expect(mode(dir)).toBe(0o755);
    // The app's own file there is still the user's only.
    expect(mode(path.join(dir, 'village-ledger.db'))).toBe(0o600);
  });

  it('knows the app’s own names and no others', () => {
    for (const name of ['backups', 'logs', 'village-ledger.db-wal', 'web-host-token.json'])
      expect(isAppEntry(name), name).toBe(true);
    for (const name of ['src', 'package.json', '.git', 'village-ledger.txt'])
      expect(isAppEntry(name), name).toBe(false);
  });
});
