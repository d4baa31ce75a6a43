import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/commands';
import { makeTempDir } from '../fixtures/temp-dir';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `self-check` writes the report through selfCheck.export (docs/domain.md §9). */
describe('CLI self-check', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: string;

  beforeEach(async () => {
    temp = makeTempDir();
    db = path.join(temp.dir, 'village-ledger.db');
    const init = await cli([
      'init',
      '--db',
      db,
      '--county',
      '石门县',
      '--township',
      '柳湾镇',
      '--village',
      '杨柳村',
      '--groups',
      '一组，二组',
    ]);
    expect(init.code).toBe(0);
  });
  afterEach(() => temp.cleanup());

  it('writes the xlsx and prints the counts per group', async () => {
    const out = path.join(temp.dir, '自查.xlsx');
    const run = await cli(['self-check', '--db', db, '--out', out, '--grid', '5']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    // A fresh village: group 二组 (grid 5) has no 网格长; nothing else is on record.
    expect(run.out).toContain('网格与人员：网格没有网格长 1');
    expect(run.out).toContain('政策落实：未发现问题');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const text: string[] = [];
    book.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((cell) => text.push(String(cell.value)))),
    );
    expect(text.join('\n')).toContain('网格没有网格长');
    expect(text.join('\n')).toContain('二组');
  });

  it('writes a PDF, and refuses another extension', async () => {
    const out = path.join(temp.dir, '自查.pdf');
    const run = await cli(['self-check', '--db', db, '--out', out, '--to', '2026-04-30']);
    expect(run.code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const bad = await cli(['self-check', '--db', db, '--out', path.join(temp.dir, 'x.doc')]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('.xlsx 或 .pdf');
  });
});
