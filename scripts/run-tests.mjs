// `npm test`: every check, in stages, with what can share the two cores run side by side
// (issue 15 item 5: the suite ran one step after another and took over 11 minutes here).
//   1. lint ‖ type-check   (both only read the sources)
//   2. build, then Electronegativity over the build
//   3. Vitest (two workers), then Playwright (two workers)
// Vitest beside Playwright was tried: no faster here (each slowed the other), and less steady.
// Not `npm run -s`: its silent log level would reach the tests that run npm themselves.
// Every step runs even when one fails before it in the same stage; a failed stage stops the
// next. Each output line carries its step's name. Exit code 0 only when every step passed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRecentNode } from './with-node.mjs';

// Under a Node ≥ 22.12 (better-sqlite3 crashes Node 20), put first on PATH for every step.
await ensureRecentNode({ root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..') });

const STAGES = [
  [
    ['lint', 'lint'],
    ['typecheck', 'typecheck'],
  ],
  [['build', 'build']],
  [['security', 'test:security']],
  [['unit', 'test:unit']],
  [['e2e', 'test:e2e']],
];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Copies a stream to ours line by line with a name in front, so parallel steps stay legible. */
function relay(stream, name, target) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) target.write(`[${name}] ${line}\n`);
  });
  stream.on('end', () => {
    if (rest) target.write(`[${name}] ${rest}\n`);
  });
}

function run(name, script, alone) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', script], {
      stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    if (!alone) {
      relay(child.stdout, name, process.stdout);
      relay(child.stderr, name, process.stderr);
    }
    const finish = (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(`== ${name}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds} s`);
      resolve({ name, code, seconds });
    };
    child.on('error', () => finish(1));
    child.on('exit', (code, signal) => finish(code ?? (signal ? 1 : 0)));
  });
}

const started = Date.now();
let failed = [];
for (const stage of STAGES) {
  console.log(`== ${stage.map(([name]) => name).join(' ‖ ')}`);
  const results = await Promise.all(
    stage.map(([name, script]) => run(name, script, stage.length === 1)),
  );
  failed = results.filter((r) => r.code !== 0).map((r) => r.name);
  if (failed.length > 0) break;
}
const total = Math.round((Date.now() - started) / 1000);
console.log(
  failed.length === 0
    ? `== npm test: all passed in ${total} s`
    : `== npm test: failed (${failed.join(', ')}) after ${total} s`,
);
process.exit(failed.length === 0 ? 0 : 1);
