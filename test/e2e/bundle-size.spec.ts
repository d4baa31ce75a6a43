import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from '../fixtures/temp-dir';

/**
 * The built renderer stays lean (issue 15 item 4). It reads the same build the browser tests
 * run against (out/renderer, or VL_RENDERER_DIR for a private build), so it runs here, after
 * `npm run build`, and not among the unit tests that run before it.
 */
const RENDERER_DIR = process.env.VL_RENDERER_DIR ?? path.join(REPO_ROOT, 'out', 'renderer');
const ASSETS = path.join(RENDERER_DIR, 'assets');
const MB = 1024 * 1024;

/** Something only ECharts' own code contains (the key it stores on a chart's element). */
const ECHARTS_MARK = '_echarts_instance_';

function assets(extension: string): string[] {
  return readdirSync(ASSETS).filter((name) => name.endsWith(extension));
}

/**
 * What the window fetches before anything shows: the entry script and the chunks index.html
 * preloads for it (its static imports). Pages and ECharts are not among them.
 */
function startChunks(): { entry: string; preloaded: string[] } {
  const html = readFileSync(path.join(RENDERER_DIR, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script type="module"[^>]*src="\.\/assets\/([^"]+\.js)"/g)];
  expect(entries, 'index.html 应只有一个入口脚本').toHaveLength(1);
  const preloaded = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\.\/assets\/([^"]+)"/g)];
  return { entry: entries[0]![1]!, preloaded: preloaded.map((m) => m[1]!) };
}

const size = (name: string) => statSync(path.join(ASSETS, name)).size;

test('入口脚本不超过 1 MB，启动时载入的脚本合计也不超过 1 MB', () => {
  const { entry, preloaded } = startChunks();
  expect(size(entry)).toBeLessThanOrEqual(MB);
  const atStart = [entry, ...preloaded].reduce((sum, name) => sum + size(name), 0);
  expect(atStart).toBeLessThanOrEqual(MB);
});

test('页面按需载入：每个页面是单独的脚本，启动时不载入', () => {
  const { entry, preloaded } = startChunks();
  const pages = assets('.js').filter((name) => /-page-[\w-]+\.js$/.test(name));
  for (const page of [
    'roster',
    'ledger',
    'visits',
    'notices',
    'cards',
    'archive',
    'reports',
    'settings',
    'first-run',
  ]) {
    expect(
      pages.some((name) => name.startsWith(`${page}-page-`)),
      `${page}-page 应单独成块`,
    ).toBe(true);
  }
  for (const name of [entry, ...preloaded]) {
    expect(pages, `${name} 是页面，不应在启动时载入`).not.toContain(name);
  }
});

test('ECharts 按需载入：不在启动时载入的脚本里', () => {
  const { entry, preloaded } = startChunks();
  const withEcharts = assets('.js').filter((name) =>
    readFileSync(path.join(ASSETS, name), 'utf8').includes(ECHARTS_MARK),
  );
  // The mark is still ECharts' (else this test would pass without checking anything).
  expect(withEcharts).toHaveLength(1);
  expect([entry, ...preloaded]).not.toContain(withEcharts[0]);
});

test('只带 woff2 字体，不带 woff', () => {
  expect(assets('.woff2').length).toBeGreaterThan(0);
  expect(assets('.woff')).toEqual([]);
  for (const css of assets('.css')) {
    expect(readFileSync(path.join(ASSETS, css), 'utf8'), css).not.toMatch(/\.woff\)/);
  }
});

test('脚本已压缩，页面没有内联脚本', () => {
  const scripts = assets('.js');
  const bytes = scripts.reduce((sum, name) => sum + size(name), 0);
  const lines = scripts.reduce(
    (sum, name) => sum + readFileSync(path.join(ASSETS, name), 'utf8').split('\n').length,
    0,
  );
  // Unminified, the renderer averaged ~37 characters a line; minified, thousands (the few line
  // breaks left are inside template strings such as antd's CSS-in-JS).
  expect(bytes / lines).toBeGreaterThan(1000);
  const html = readFileSync(path.join(RENDERER_DIR, 'index.html'), 'utf8');
  // The CSP (script-src 'self') allows no inline script: every <script> has a src.
  expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
});
