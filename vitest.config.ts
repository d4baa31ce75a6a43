import { defineConfig } from 'vitest/config';

// Vitest owns test/unit and test/integration; Playwright owns test/e2e (STACK.md: the default
// include would pick up Playwright specs too).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
