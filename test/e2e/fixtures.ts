import path from 'node:path';
import { expect, test as base } from '@playwright/test';
import { startHost, type RunningHost } from '../../electron/host/server';
import type { Runtime } from '../../electron/services/runtime';
import { AppSession } from '../../electron/services/session';
import { makeTempDir, MIGRATIONS_FOLDER, REPO_ROOT } from '../fixtures/temp-dir';

export interface AppUnderTest {
  /**
   * The web host's one-time launch link (…/?launch=<code>): the first visit gives the test's
   * browser context its session cookie; later visits in the same context (a reload, `${url}#/…`)
   * are let in by that cookie.
   */
  url: string;
  dataDir: string;
  runtime: Runtime;
  session: AppSession;
  host: RunningHost;
}

/** The operator every browser test works as, so the app does not stop to ask who is working. */
export const E2E_OPERATOR = '测试员';

/**
 * Each test gets its own data folder and its own web host over the built renderer
 * (out/renderer, made by `npm run build` before the browser tests run).
 */
export const test = base.extend<{ app: AppUnderTest }>({
  /**
   * Every page fails its test on an uncaught error or an unhandled promise rejection (issue 12:
   * each submit with a required field missing used to raise one, unseen by the clerk).
   */
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(page);
    expect(errors, '页面上出现了未处理的错误').toEqual([]);
  },
  // Playwright reads fixture dependencies from the destructuring pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const temp = makeTempDir('vl-e2e-');
    const session = await new AppSession({
      dataDir: temp.dir,
      migrationsFolder: MIGRATIONS_FOLDER,
      operator: E2E_OPERATOR,
    }).open();
    const host = await startHost({
      session,
      // VL_RENDERER_DIR: another build's renderer (`electron-vite build --outDir DIR`), so two
      // people working in one checkout do not overwrite each other's out/.
      rendererDir: process.env.VL_RENDERER_DIR ?? path.join(REPO_ROOT, 'out', 'renderer'),
    });
    await use({ url: host.url, dataDir: temp.dir, runtime: session.runtime!, session, host });
    await host.close();
    session.close();
    temp.cleanup();
  },
});

export { expect };

/** A one-pixel PNG: the smallest real image to upload. */
export const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
