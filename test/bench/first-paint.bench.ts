import path from 'node:path';
import { chromium } from '@playwright/test';
import { inTransaction } from '../../electron/services/context';
import { Random } from '../../electron/services/demo/random';
import { seedRoster, type DemoGrid } from '../../electron/services/demo/roster-demo';
import { startHost } from '../../electron/host/server';
import { AppSession } from '../../electron/services/session';
import { createVillage } from '../../electron/services/setup/setup';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../fixtures/chromium';
import { makeTempDir, MIGRATIONS_FOLDER, REPO_ROOT } from '../fixtures/temp-dir';
import { summarize, type Benchmark } from './harness';

const HOUSEHOLDS = 10_000;
const RUNS = 5;

/**
 * Debian Chromium through the web host: from the click on a village of 10,000 households to
 * the first frame painted with its list (the built renderer, as `npm run build` makes it).
 */
export const firstPaint: Benchmark = {
  name: 'first paint',
  async run() {
    const temp = makeTempDir('vl-bench-');
    const session = await new AppSession({
      dataDir: temp.dir,
      migrationsFolder: MIGRATIONS_FOLDER,
      operator: '测量',
    }).open();
    const runtime = session.runtime!;
    const root = createVillage(runtime.ctx, {
      county: '石门县',
      township: '柳湾镇',
      village: '杨柳村',
      groups: Array.from({ length: 100 }, (_, i) => `第${i + 1}组`),
    });
    const groups = root.children[0]!.children[0]!.children.map((g): DemoGrid => ({
      id: g.id,
      level: 'group',
      name: g.name,
    }));
    inTransaction(runtime.ctx, () =>
      seedRoster(runtime.ctx, new Random(3), {
        grids: groups,
        areaCode: '532529',
        households: HOUSEHOLDS,
        monitoredShare: 0.03,
      }),
    );
    const host = await startHost({
      session,
      rendererDir: path.join(REPO_ROOT, 'out', 'renderer'),
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM_EXECUTABLE,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(host.url);
      const tree = page.getByRole('tree');
      await tree.getByText('第1组（村民小组）').waitFor();
      const times: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        await tree.getByText('第1组（村民小组）').click();
        await page.getByText(/^农户（\d+ 户）$/).waitFor();
        const started = performance.now();
        await tree.getByText('杨柳村（村）').click();
        await page.getByText(`农户（${HOUSEHOLDS} 户）`).waitFor();
        await page.locator('.ant-table-tbody-virtual .ant-table-row').first().waitFor();
        // Two animation frames: the list has been painted, not only put in the DOM.
        await page.evaluate(
          'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
        );
        if (i > 0) times.push(performance.now() - started); // the first run warms the caches
      }
      return [
        summarize(`农户列表首次绘制（${HOUSEHOLDS} 户，Chromium）`, times, 'ms', '≤ 1000', 0),
      ];
    } finally {
      await browser.close();
      await host.close();
      session.close();
      temp.cleanup();
    }
  },
};
