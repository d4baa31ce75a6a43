import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportImportFileResult } from '../../electron/api/report-import-types';
import type { MonthlyReport } from '../../electron/api/reports-types';
import { ROLL_UP_READ_ONLY } from '../../electron/services/reporting/workspace';
import { encryptPackage } from '../../electron/services/reporting/package/crypto';
import { PACKAGE_TABLES } from '../../electron/services/reporting/format';
import {
  altered,
  repack,
  rewriteRows,
  tableCounts,
  townshipSource,
  townshipWorkspace,
  unpack,
  type TownshipSource,
} from '../fixtures/report-packages';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { call, failure } from '../fixtures/village';

/**
 * The township's import of village 上报包 (docs/domain.md §11): the round trip gives the
 * village's own figures, every kind of bad package is refused in Chinese with the workspace
 * unchanged, an older or the same package never overwrites, a newer one replaces exactly its
 * village's rows.
 */

let source: TownshipSource;
const opened: TestRuntime[] = [];
let april0: { fileName: string; data: Uint8Array };
let march0: { fileName: string; data: Uint8Array };
let april1: { fileName: string; data: Uint8Array };

beforeAll(async () => {
  source = await townshipSource();
  april0 = source.pack(0, '2026-04');
  march0 = source.pack(0, '2026-03');
  april1 = source.pack(1, '2026-04');
}, 300_000);
afterAll(() => {
  for (const r of opened) r.cleanup();
  source?.runtime.cleanup();
});

async function workspace(): Promise<TestRuntime> {
  const r = await townshipWorkspace(source);
  opened.push(r);
  return r;
}

const importFiles = (
  r: TestRuntime,
  files: { fileName: string; data: Uint8Array }[],
  password?: string,
) => call<ReportImportFileResult[]>(r.ctx, 'township.importPackages', { files, password });

/** Imports one file that must be refused; the workspace's rows are as before. */
async function expectRefused(
  r: TestRuntime,
  data: Uint8Array,
  message: RegExp,
  password?: string,
): Promise<string> {
  const before = tableCounts(r.ctx);
  const [result] = await importFiles(r, [{ fileName: '上报包.zip', data }], password);
  expect(result!.outcome).toBe('refused');
  expect(result!.message).toMatch(message);
  expect(tableCounts(r.ctx)).toEqual(before);
  // Its unpacked copy (personal data) is gone too.
  expect(
    fs.readdirSync(path.join(r.dir, 'tmp')).filter((n) => n.startsWith('report-import-')),
  ).toEqual([]);
  const history = await call<{ outcome: string; message: string }[]>(r.ctx, 'township.imports', {});
  expect(history[0]).toMatchObject({ outcome: 'refused', message: result!.message });
  return result!.message;
}

const households = (r: TestRuntime) =>
  (r.ctx.sqlite.prepare('SELECT count(*) AS n FROM households').get() as { n: number }).n;

/** The 月通报 figures without what names the database (ids, when computed). */
function figuresOf(report: MonthlyReport): unknown {
  return JSON.parse(
    JSON.stringify(report, (key, value: unknown) =>
      key === 'generatedAt' || key === 'gridId' || key === 'id' ? undefined : value,
    ),
  );
}

describe('report import round trip', () => {
  it('loads two villages; the township 月通报 of each equals the package figures', async () => {
    const r = await workspace();
    const results = await importFiles(r, [april0, april1]);
    expect(results.map((x) => x.outcome)).toEqual(['loaded', 'loaded']);
    expect(results[0]!.message).toMatch(/已导入：农户 \d+ 户/);
    const villages = await call<
      { villageName: string; gridId: number; counts: Record<string, number> }[]
    >(r.ctx, 'township.villages', {});
    expect(villages.map((v) => v.villageName).sort()).toEqual(
      [source.villages[0]!.name, source.villages[1]!.name].sort(),
    );
    for (const [i, pkg] of [april0, april1].entries()) {
      const entries = await unpack(pkg.data);
      const figures = JSON.parse(entries.get('figures.json')!.toString('utf8')) as MonthlyReport;
      const village = villages.find((v) => v.villageName === source.villages[i]!.name)!;
      const here = await call<MonthlyReport>(r.ctx, 'reports.monthly', {
        month: '2026-04',
        gridId: village.gridId,
      });
      expect(figuresOf(here)).toEqual(figuresOf(figures));
      // Every table holds exactly the package's rows.
      const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as {
        counts: Record<string, number>;
      };
      expect(village.counts).toEqual(manifest.counts);
    }
    const total = (t: string) =>
      (r.ctx.sqlite.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
    for (const spec of PACKAGE_TABLES) {
      const expected = villages.reduce((sum, v) => sum + (v.counts[spec.name] ?? 0), 0);
      // The workspace's own 县 and 乡镇 nodes are grids too.
      expect(total(spec.name), spec.name).toBe(expected + (spec.name === 'grids' ? 2 : 0));
    }
    // The village hangs under the workspace's 乡镇.
    const parent = r.ctx.sqlite
      .prepare(
        'SELECT p.level, p.name FROM grids g JOIN grids p ON p.id = g.parent_id WHERE g.id = ?',
      )
      .get(villages[0]!.gridId);
    expect(parent).toEqual({ level: 'township', name: source.township });
    // One audit row per loaded package, without personal data.
    const audits = r.ctx.sqlite
      .prepare(`SELECT after FROM audit_log WHERE entity = 'report_import'`)
      .all() as { after: string }[];
    expect(audits).toHaveLength(2);
    expect(audits.map((a) => a.after).join('')).not.toMatch(/\d{17}[\dX]/);
  }, 120_000);

  it('the same package again is 已导入，无变化; an older one is refused; a newer one replaces', async () => {
    const r = await workspace();
    await importFiles(r, [march0, april1]);
    const afterMarch = households(r);
    const [newer] = await importFiles(r, [april0]);
    expect(newer!.outcome).toBe('loaded');
    expect(newer!.message).toMatch(/替换/);
    // No duplicates: the village's rows replaced, the other village's untouched.
    const villages = await call<
      { villageName: string; counts: Record<string, number>; period: string }[]
    >(r.ctx, 'township.villages', {});
    const sum = villages.reduce((s, v) => s + v.counts.households!, 0);
    expect(households(r)).toBe(sum);
    expect(households(r)).toBe(afterMarch - 0 + (sum - afterMarch));
    expect(villages.find((v) => v.villageName === source.villages[0]!.name)!.period).toBe(
      '2026-04',
    );
    const ids = r.ctx.sqlite.prepare('SELECT count(*) AS n FROM report_ids').get() as { n: number };
    const entities = r.ctx.sqlite
      .prepare(
        `SELECT (SELECT count(*) FROM grids) + (SELECT count(*) FROM workers) + (SELECT count(*) FROM households)
          + (SELECT count(*) FROM problems) + (SELECT count(*) FROM meetings) - 2 AS n`,
      )
      .get() as { n: number };
    expect(ids.n).toBe(entities.n);

    const [same] = await importFiles(r, [april0]);
    expect(same!.outcome).toBe('unchanged');
    expect(same!.message).toMatch(/已导入，无变化/);
    await expectRefused(r, march0.data, /已导入 2026-04 月更新的上报包，较旧的不会覆盖/);
  }, 120_000);
});

describe('refused packages leave the workspace unchanged', () => {
  let r: TestRuntime;
  beforeAll(async () => {
    r = await workspace();
    await importFiles(r, [april1]);
  }, 60_000);

  it('a tampered file names the file', async () => {
    const data = await altered(april0.data, (_m, entries) => {
      const text = entries.get('data/households.jsonl')!.toString('utf8');
      entries.set(
        'data/households.jsonl',
        Buffer.from(text.replace('"address":"', '"address":"X'), 'utf8'),
      );
    });
    await expectRefused(
      r,
      data,
      /「data\/households\.jsonl」与清单记录的大小或校验值（SHA-256）不符/,
    );
  });

  it('a wrong count names the table and both numbers', async () => {
    let n = 0;
    const data = await altered(april0.data, (m) => {
      n = m.counts.households!;
      m.counts.households = n + 1;
    });
    await expectRefused(
      r,
      data,
      new RegExp(`「农户」的条数与清单不符：清单写 ${n + 1} 条，实际 ${n} 条`),
    );
  });

  it('a newer schema asks for an upgrade', async () => {
    const version = r.ctx.schemaVersion;
    const data = await altered(april0.data, (m) => {
      m.schemaVersion = version + 1;
    });
    await expectRefused(
      r,
      data,
      new RegExp(
        `该上报包由较新版本的程序生成（数据结构第${version + 1}版，本程序第${version}版），请先升级本程序`,
      ),
    );
  });

  it('a ../ entry name is refused', async () => {
    const entries = await unpack(april0.data);
    entries.set('../evil.txt', Buffer.from('x'));
    await expectRefused(r, repack(entries), /不安全的文件路径「\.\.\/evil\.txt」/);
  });

  it('an extra entry is refused', async () => {
    const entries = await unpack(april0.data);
    entries.set('data/notes.jsonl', Buffer.from('{}\n'));
    await expectRefused(r, repack(entries), /不该有的文件「data\/notes\.jsonl」/);
  });

  it('not a zip', async () => {
    await expectRefused(
      r,
      new Uint8Array(Buffer.from('这不是压缩包'.repeat(10))),
      /不是完好的 ZIP 压缩包/,
    );
  });

  it('another township', async () => {
    const data = await altered(april0.data, (m) => {
      m.village.township = '别的镇';
      m.village.key = `name:${m.village.county}/别的镇/${m.village.name}`;
    });
    await expectRefused(r, data, /不属于本汇总库/);
  });

  it('a line that does not fit its table names the file and the line', async () => {
    const data = await altered(april0.data, (m, entries) => {
      const name = 'data/members.jsonl';
      const lines = entries.get(name)!.toString('utf8').split('\n');
      lines[1] = lines[1]!.replace('"sex":"男"', '"sex":"M"').replace('"sex":"女"', '"sex":"M"');
      const bytes = Buffer.from(lines.join('\n'), 'utf8');
      entries.set(name, bytes);
      const file = m.files.find((f) => f.name === name)!;
      file.bytes = bytes.length;
      file.sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    });
    await expectRefused(r, data, /「data\/members\.jsonl」第 2 行（家庭成员）不对：sex/);
  });

  it('a household already loaded from another village is refused, naming it and the village', async () => {
    // The demo has no 户编号: a workspace holding village 1 with one, then village 0 the same.
    const w = await workspace();
    const numbered = (bytes: Uint8Array) =>
      rewriteRows(bytes, 'households', (row, i) =>
        i === 0 ? { ...row, household_no: 'HX0001' } : row,
      );
    const [first] = await importFiles(w, [
      { fileName: 'a.zip', data: await numbered(april1.data) },
    ]);
    expect(first!.outcome).toBe('loaded');
    const message = await expectRefused(w, await numbered(april0.data), /同一户不能同时属于两个村/);
    expect(message).toContain('户编号 HX0001');
    expect(message).toContain(source.villages[1]!.name);
    expect(message).toMatch(/身份证号 \d{6}\*+[\dX]{4}/);
    expect(message).not.toMatch(/\d{17}[\dX]/);
  });

  it('a person already loaded from another village is refused with the ID masked', async () => {
    const other = (await unpack(april1.data))
      .get('data/members.jsonl')!
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((m) => m.id_key)!;
    const data = await rewriteRows(april0.data, 'members', (row, i) =>
      i === 0
        ? { ...row, id_number: other.id_number, id_key: other.id_key, id_rev: other.id_rev }
        : row,
    );
    const message = await expectRefused(r, data, /同一人不能同时属于两个村/);
    expect(message).toContain(source.villages[1]!.name);
    expect(message).not.toContain(String(other.id_number));
  });

  it('an encrypted package needs its password', async () => {
    const sealed = encryptPackage(april0.data, '乡镇密码123');
    await expectRefused(r, sealed, /上报包已加密，请输入密码/);
    await expectRefused(r, sealed, /密码不对/, '错的密码');
    const [ok] = await importFiles(r, [{ fileName: 'x.vlrp', data: sealed }], '乡镇密码123');
    expect(ok!.outcome).toBe('loaded');
  });
});

describe('read-only workspace', () => {
  it('refuses village edits with the read-only sentence', async () => {
    const r = await workspace();
    const error = await failure(r.ctx, 'grids.create', {
      parentId: 2,
      level: 'village',
      name: '新村',
    });
    expect(error).toMatchObject({ code: 'CONFLICT', message: ROLL_UP_READ_ONLY });
  });
});

describe('county workspace', () => {
  it('hangs each village under its township, made by name under the county; other counties refused', async () => {
    const r = await openTestRuntime('县统计员');
    opened.push(r);
    await call(r.ctx, 'setup.createWorkspace', { kind: 'county', county: source.county });
    const results = await importFiles(r, [april0, april1]);
    expect(results.map((x) => x.outcome)).toEqual(['loaded', 'loaded']);
    const chain = r.ctx.sqlite
      .prepare(
        `SELECT t.level AS tl, t.name AS township, c.level AS cl, c.name AS county, c.parent_id AS top
         FROM report_villages rv JOIN grids v ON v.id = rv.grid_id
         JOIN grids t ON t.id = v.parent_id JOIN grids c ON c.id = t.parent_id`,
      )
      .all();
    const expected = {
      tl: 'township',
      township: source.township,
      cl: 'county',
      county: source.county,
      top: null,
    };
    expect(chain).toEqual([expected, expected]);
    // One 乡镇 node for both villages.
    expect(
      r.ctx.sqlite.prepare(`SELECT count(*) FROM grids WHERE level = 'township'`).pluck().get(),
    ).toBe(1);
    const other = await altered(april0.data, (m) => {
      m.village.county = '别的县';
      m.village.key = `name:别的县/${m.village.township}/${m.village.name}`;
    });
    await expectRefused(r, other, /不属于本汇总库（/);
  });
});
