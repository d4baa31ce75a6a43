// `npm start`: build, then launch Electron (under a Node ≥ 22.12, see with-node.mjs). Where the Electron binary is missing and cannot be
// fetched (offline machines, CI), say so in one line and start the loopback web host instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRecentNode } from './with-node.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Node 20 would crash without a word once the web host loads better-sqlite3: switch first.
await ensureRecentNode({ root });
const electronDir = path.join(root, 'node_modules', 'electron');
const bin = (name) =>
  path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const file = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(file) ? file : null;
}

function run(command, args) {
  const child = spawn(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

// VL_OUT_DIR builds somewhere else than out/ and serves the web host from there: the browser
// test of `npm start` uses it, so its build never replaces out/renderer under the other tests.
const outDir = process.env.VL_OUT_DIR ? path.resolve(process.env.VL_OUT_DIR) : null;
if (outDir) process.env.VL_RENDERER_DIR = path.join(outDir, 'renderer');
const build = spawnSync(bin('electron-vite'), ['build', ...(outDir ? ['--outDir', outDir] : [])], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  shell: process.platform === 'win32',
});
if (build.status !== 0) {
  console.error('构建失败，无法启动。');
  process.exit(build.status ?? 1);
}

let electron = electronBinary();
if (
  !electron &&
  !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD &&
  fs.existsSync(path.join(electronDir, 'install.js'))
) {
  // electron ≥ 45 downloads its binary on first use; try once, quietly, with a time limit.
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: 'ignore',
    timeout: 180_000,
  });
  electron = electronBinary();
}

if (electron && !outDir) {
  run(electron, ['.', ...process.argv.slice(2)]);
} else {
  console.log('未找到 Electron 程序文件（本机无法下载），改为启动网页版：');
  run(bin('tsx'), [path.join('electron', 'host', 'main.ts'), ...process.argv.slice(2)]);
}
