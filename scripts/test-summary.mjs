// Sums the test runners' JSON reports into the one closing line CI reads: "N passed, N failed".
// Usage: node scripts/test-summary.mjs <exit code of npm test>
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const exitCode = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'reports', file), 'utf8'));
  } catch {
    return null;
  }
}

const vitest = read('vitest.json');
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  // A file that failed to load has no tests counted but failed all the same.
  failed += (vitest.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
}

const playwright = read('playwright.json');
if (playwright?.stats) {
  passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
  failed += playwright.stats.unexpected ?? 0;
  skipped += playwright.stats.skipped ?? 0;
  failed += (playwright.errors ?? []).length;
}

// The Electron security gate (npm run test:security) is one check, passed or failed.
const security = read('electronegativity.json');
if (security) {
  if (security.passed === true) passed += 1;
  else failed += 1;
}

// A step that is not a test runner (lint, type-check, build) failed, or a runner never wrote
// its report: count the run as failed rather than print a green line.
if (exitCode !== 0 && failed === 0) failed = 1;

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
