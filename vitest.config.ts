import { defineConfig } from 'vitest/config';

// Vitest owns test/unit and test/integration; Playwright owns test/e2e (STACK.md: the default
// include would pick up Playwright specs too).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Both cores (Vitest's default on 2 is one worker): many files wait on child processes,
    // worker threads, pdftotext or LibreOffice, so two side by side finish sooner.
    maxWorkers: 2,
    // Generous limits so a loaded 2-core machine slows tests down but never fails them
    // (issue 15 item 5); a test that hangs still ends. Speed is measured in test/bench.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
