import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killLeftovers, runCliProcess } from '../fixtures/faults';
import { townshipSource, type TownshipSource } from '../fixtures/report-packages';
import { makeTempDir } from '../fixtures/temp-dir';

/**
 * The 乡镇汇总库 from the command line (docs/domain.md §11): `init --workspace township` without a
 * county, `report-import` of two villages and a file that is not a package, with each file's
 * outcome printed and exit 1 because one was refused; the same packages again are 无变化.
 */

let source: TownshipSource;
let temp: ReturnType<typeof makeTempDir>;
const files: string[] = [];

beforeAll(async () => {
  source = await townshipSource();
  temp = makeTempDir('vl-report-cli-');
  for (const i of [0, 1]) {
    const pkg = source.pack(i, '2026-04');
    const file = path.join(temp.dir, pkg.fileName);
    fs.writeFileSync(file, pkg.data);
    files.push(file);
  }
  const junk = path.join(temp.dir, '说明.txt');
  fs.writeFileSync(junk, '这不是上报包');
  files.push(junk);
}, 300_000);
afterAll(() => {
  killLeftovers();
  source?.runtime.cleanup();
  temp?.cleanup();
});

describe('report-import CLI', () => {
  it('makes a township workspace, imports, reports each file, exits 1 on a refusal', async () => {
    const data = path.join(temp.dir, 'township');
    const init = await runCliProcess([
      'init',
      '--workspace',
      'township',
      '--township',
      source.township,
      '--data',
      data,
    ]);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`已建立乡镇汇总库：${source.township}`);

    const first = await runCliProcess(['report-import', ...files, '--data', data]);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`已导入：${path.basename(files[0]!)}`);
    expect(first.stdout).toContain(`已导入：${path.basename(files[1]!)}`);
    expect(first.stdout).toMatch(/已拒绝：说明\.txt：.*不是完好的 ZIP 压缩包/);
    expect(first.stdout).toContain('共 3 个：导入 2 个，无变化 0 个，拒绝 1 个');
    expect(first.stderr).toMatch(/检查并导入「说明\.txt」（第 3 个，共 3 个）/);

    const again = await runCliProcess(['report-import', files[0]!, files[1]!, '--data', data]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('共 2 个：导入 0 个，无变化 2 个，拒绝 0 个');
    expect(again.stdout).toMatch(/无变化：.*已导入，无变化/);

    // A village command is refused: the workspace is read-only.
    const edit = await runCliProcess(['seed-demo', '--size', 'village', '--data', data]);
    expect(edit.code).not.toBe(0);
    expect(edit.stderr + edit.stdout).toContain('乡镇汇总库');
  }, 180_000);
});
