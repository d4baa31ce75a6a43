// `npm run test:security`: Electronegativity (Doyensec's Electron security linter) over the
// build (out/main, out/preload, out/renderer; run `npm run build` first). Writes
// reports/electronegativity.csv (the tool's own report) and reports/electronegativity.json
// (every finding with what this gate made of it), prints a short table, and exits 1 on any
// HIGH finding not suppressed below, or on any built file the tool could not parse (an
// unparsed file is an unchecked file: that is how a SyntaxError in out/main/index.js, which
// kept the Electron app from starting, showed up in issue 7).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, 'reports');
const outDir = path.join(root, 'out');
const loadTool = createRequire(import.meta.url);
// Used through its API (not the CLI) to get the findings as objects. It still asks its S3
// bucket for updated message translations (1 s timeout; offline it says so and goes on with
// its bundled English): only message texts, never the checks or their verdicts.
/** @type {(options: object, forCli?: boolean) => Promise<{ errors: any[]; issues: any[] }>} */
const run = loadTool('@doyensec/electronegativity');

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = String(pkg.devDependencies.electron).replace(/^[^\d]*/, '');

/**
 * Checks left out, each with its reason.
 * - AvailableSecurityFixesGlobalCheck downloads Electron's release list at run time: offline
 *   (CI here) it cannot run, and online its answer changes with every Electron release, so a
 *   test run would pass or fail by date. Electron upgrades are a release task, not a test.
 */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** The body of `function name(` in a bundle, up to its closing brace at column 0. */
function functionSource(text, name) {
  const start = text.indexOf(`function ${name}(`);
  if (start < 0) return '';
  const end = text.indexOf('\n}\n', start);
  return end < 0 ? '' : text.slice(start, end + 2);
}

/** The `new BrowserWindow({ … })` options literal starting on a 1-based line, as text. */
function windowOptions(text, line) {
  const lines = text.split('\n');
  const picked = [];
  for (let i = line - 1; i < Math.min(lines.length, line + 40); i++) {
    picked.push(lines[i]);
    if (/^\s*}\);?\s*$/.test(lines[i])) break;
  }
  return picked.join('\n');
}

/**
 * A BrowserWindow whose webPreferences are exactly secureWebPreferences(…) from
 * electron/main/security.ts, and the bundled helper really sets `setting` as wanted. The
 * checks read object literals only, so they cannot see into the helper; this reads it for
 * them, so the suppression ends by itself if the helper or the window changes.
 */
function usesSecureHelper(finding, text, setting) {
  const options = windowOptions(text, finding.location.line);
  const helper = functionSource(text, 'secureWebPreferences');
  return (
    /new BrowserWindow\(\{/.test(options) &&
    (options.match(/webPreferences/g) ?? []).length === 1 &&
    /webPreferences:\s*secureWebPreferences\(/.test(options) &&
    helper.includes(setting)
  );
}

/**
 * HIGH findings known to be false positives. Each entry says why and checks it, on the
 * finding itself, before it is let through.
 */
const SUPPRESSIONS = [
  {
    id: 'CONTEXT_ISOLATION_JS_CHECK',
    // Both windows (electron/main/index.ts, pdf-window.ts) take their webPreferences from
    // secureWebPreferences() in electron/main/security.ts, which sets contextIsolation: true
    // (with sandbox: true, nodeIntegration: false; test/unit/electron-security.test.ts). The
    // check only looks for a `contextIsolation` key in the literal passed to BrowserWindow.
    why: 'webPreferences 来自 secureWebPreferences()，其中 contextIsolation: true（检查看不到函数内部）',
    applies: (finding, text) => usesSecureHelper(finding, text, 'contextIsolation: true'),
  },
];

/** What the MEDIUM findings mean for this app; reported, not gating. */
const MEDIUM_NOTES = {
  SANDBOX_JS_CHECK: {
    note: 'secureWebPreferences() 设置了 sandbox: true（检查看不到函数内部）',
    applies: (finding, text) => usesSecureHelper(finding, text, 'sandbox: true'),
  },
  AUXCLICK_JS_CHECK:
    '中键点击会经由 setWindowOpenHandler：一律不开新窗口，http(s) 链接经确认后才交给系统浏览器',
  OPEN_EXTERNAL_JS_CHECK:
    'shell.openExternal 只在 externalLinkDecision() 放行（仅 http/https）且用户在对话框中点「打开」后调用',
  PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK: 'hardenApp() 拒绝所有权限请求',
};

/**
 * The tool reads .js/.html only, so the sandboxed preload (out/preload/index.cjs) would be
 * skipped: scan a copy of the build where .cjs/.mjs are named .js (fonts, CSS left out).
 */
function stageBuild() {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'village-ledger-electronegativity-'));
  const renamed = new Map();
  const copy = (from, to) => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      if (entry.isDirectory()) {
        copy(source, path.join(to, entry.name));
        continue;
      }
      if (!/\.(c|m)?js$|\.html?$/.test(entry.name)) continue;
      const name = entry.name.replace(/\.(c|m)js$/, '.js');
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, path.join(to, name));
      const relative = path.relative(stage, path.join(to, name)).split(path.sep).join('/');
      renamed.set(relative, path.relative(root, source).split(path.sep).join('/'));
    }
  };
  for (const part of ['main', 'preload', 'renderer']) {
    const dir = path.join(outDir, part);
    if (!fs.existsSync(dir) || fs.readdirSync(dir).length === 0) {
      console.error(`找不到构建输出 ${dir}，请先运行 npm run build`);
      process.exit(1);
    }
    copy(dir, path.join(stage, part));
  }
  return { stage, renamed };
}

const { stage, renamed } = stageBuild();
// The copy is read again below (to check suppressions), then removed however this ends.
process.on('exit', () => fs.rmSync(stage, { recursive: true, force: true }));
fs.mkdirSync(reports, { recursive: true });
const result = await run(
  {
    input: stage,
    output: path.join(reports, 'electronegativity.csv'),
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: EXCLUDED_CHECKS,
  },
  false,
);

const sourceOf = (file) => renamed.get(file) ?? file;
const texts = new Map();
const textOf = (file) => {
  if (!texts.has(file)) {
    const full = path.join(stage, file);
    texts.set(file, fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : '');
  }
  return texts.get(file);
};

/** The explanation of a non-HIGH finding, when it holds for this finding. */
function noteFor(issue) {
  const entry = MEDIUM_NOTES[issue.id];
  if (typeof entry === 'string') return entry;
  return entry?.applies(issue, textOf(issue.file)) ? entry.note : '';
}

const findings = result.issues.map((issue) => {
  const severity = issue.severity.name;
  const suppression =
    severity === 'HIGH'
      ? SUPPRESSIONS.find((s) => s.id === issue.id && s.applies(issue, textOf(issue.file)))
      : undefined;
  return {
    id: issue.id,
    severity,
    confidence: issue.confidence.name,
    file: sourceOf(issue.file),
    line: issue.location.line,
    column: issue.location.column,
    manualReview: Boolean(issue.manualReview),
    description: issue.description,
    verdict: suppression
      ? `suppressed: ${suppression.why}`
      : severity === 'HIGH'
        ? 'FAIL'
        : noteFor(issue),
  };
});
const parseErrors = result.errors
  .filter((e) => !e.tolerable)
  .map((e) => ({
    file: sourceOf(path.relative(stage, e.file).split(path.sep).join('/')),
    message: e.message,
  }));
const failures = findings.filter((f) => f.verdict === 'FAIL');
const passed = failures.length === 0 && parseErrors.length === 0;

const order = { HIGH: 0, MEDIUM: 1, LOW: 2, INFORMATIONAL: 3 };
findings.sort((a, b) => order[a.severity] - order[b.severity] || a.id.localeCompare(b.id));
const rows = findings.map((f) => [
  f.severity,
  f.id,
  `${f.file}:${f.line}`,
  f.verdict === 'FAIL' ? '✗ 未处理' : f.verdict.replace(/^suppressed: /, '已说明：'),
]);
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), 8));
console.log(`Electronegativity (Electron ${electronVersion})：${findings.length} 条发现`);
for (const r of rows)
  console.log(
    `  ${r
      .slice(0, 3)
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')}  ${r[3]}`,
  );
for (const e of parseErrors) console.log(`  无法解析 ${e.file}：${e.message}`);
const count = (s) => findings.filter((f) => f.severity === s).length;
console.log(
  `HIGH ${count('HIGH')}（未处理 ${failures.length}）、MEDIUM ${count('MEDIUM')}、LOW ${count('LOW')}；` +
    `报告：reports/electronegativity.csv、reports/electronegativity.json`,
);

fs.writeFileSync(
  path.join(reports, 'electronegativity.json'),
  `${JSON.stringify({ passed, electronVersion, excluded: EXCLUDED_CHECKS, parseErrors, findings }, null, 2)}\n`,
);
if (!passed) {
  console.error(
    parseErrors.length > 0
      ? '安全检查未通过：有构建文件无法解析（见上）'
      : '安全检查未通过：有未处理的 HIGH 级发现（见上）',
  );
  process.exit(1);
}
