import fs from 'node:fs';
import type { CardLayout } from '../../electron/api/cards-types';
import { CardSource } from '../../electron/services/cards/content';
import { CardSheets } from '../../electron/services/cards/layout';
import { openRuntime } from '../../electron/services/runtime';
import { MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

/**
 * One build of the benchmark's cards in a fresh process, so its peak RSS is the build's own:
 * argv = data dir, JSON file of household ids, layout, output PDF. The time runs from reading
 * the cards' content out of the database to the finished PDF bytes, fonts read included (a
 * fresh process has not read them yet). Prints one JSON line.
 */
const [dataDir, idsFile, layout, out] = process.argv.slice(2) as [
  string,
  string,
  CardLayout,
  string,
];
const runtime = await openRuntime({ dataDir, migrationsFolder: MIGRATIONS_FOLDER });
const ids = JSON.parse(fs.readFileSync(idsFile, 'utf8')) as number[];
const started = performance.now();
const cards = new CardSource(runtime.ctx).contents(ids);
const sheets = new CardSheets(layout, '网格化管理明白纸（基准测试）');
for (const card of cards) sheets.add(card);
const buffer = await sheets.finish();
const ms = performance.now() - started;
runtime.close();
fs.writeFileSync(out, buffer);
console.log(
  JSON.stringify({
    ms,
    bytes: buffer.length,
    pages: sheets.sheets,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
