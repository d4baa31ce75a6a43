import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './test/fixtures/chromium';

// Debian's Chromium: `npx playwright install` cannot download browsers here (STACK.md).
export default defineConfig({
  testDir: 'test/e2e',
  // Ceilings, not waits: Vitest runs beside the browser tests in `npm test` (run-tests.mjs).
  timeout: 120_000,
  // Two shared cores: a PDF laid out while another job runs can take longer than the default 5 s.
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // Two files at a time: each test has its own data folder and web host, and a browser test
  // mostly waits on the page (5.2 → 3.6 min here); the CPU stays shared by two (issue 15 item 5).
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    locale: 'zh-CN',
    // A failure keeps its trace (test-results/…/trace.zip: every step, request and DOM state).
    trace: 'retain-on-failure',
    // A click on something that never appears fails at its own step, not at the test's end.
    actionTimeout: 30_000,
    // The clerk's screen (issue 12): every page must work at 1366×768.
    viewport: { width: 1366, height: 768 },
    // The app honours the system's reduce-motion setting (renderer/src/main.tsx): without antd's
    // animations a pick never lands on a drop-down still sliding in, and the two shared cores
    // are not spent repainting them.
    reducedMotion: 'reduce',
    launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS },
  },
});
