import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/services/dispatch';
import { analyseImport, commitImport } from '../../electron/services/roster-io/import';
import { exportRoster } from '../../electron/services/roster-io/export';
import { buildTemplate } from '../../electron/services/roster-io/template';
import { householdCsv, householdRows, householdXlsx, type Row } from '../fixtures/roster-files';
import { validId } from '../fixtures/people';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { VILLAGE } from '../fixtures/village';

async function readBack(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('roster import and export', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const setup = () => dispatch(ctx(), 'setup.createVillage', VILLAGE);
  const analyse = (buffer: Buffer, name = '花名册.xlsx') =>
    analyseImport(ctx(), 'households', name, buffer);

  it('builds a template with headers, drop-downs, text ID columns and instructions', async () => {
    await setup();
    const workbook = await readBack(await buildTemplate(ctx(), 'households'));
    const sheet = workbook.getWorksheet('农户与成员')!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    expect(headers.slice(0, 3)).toEqual(['网格（村民小组）', '户主身份证号', '户编号']);
    expect(headers).toContain('务工时长（月）');
    const idColumn = headers.indexOf('身份证号') + 1;
    expect(sheet.getColumn(idColumn).numFmt).toBe('@');
    const relation = String.fromCharCode(64 + headers.indexOf('与户主关系') + 1);
    const rule = (
      sheet as unknown as {
        dataValidations: { model: Record<string, { type: string; formulae: string[] }> };
      }
    ).dataValidations.model;
    const relationRule = Object.entries(rule).find(([range]) =>
      range.startsWith(`${relation}2`),
    )?.[1];
    expect(relationRule?.type).toBe('list');
    const lists = workbook.getWorksheet('选项')!;
    const listValues = lists
      .getColumn(Number(/\$([A-Z]+)\$/.exec(relationRule!.formulae[0]!)![1]!.charCodeAt(0) - 64))
      .values.slice(1);
    expect(listValues).toEqual([
      '本人',
      '配偶',
      '子',
      '女',
      '儿媳',
      '女婿',
      '孙子女',
      '父母',
      '祖父母',
      '兄弟姐妹',
      '其他',
    ]);
    const gridList = Object.entries(rule).find(([range]) => range.startsWith('A2'))?.[1];
    expect(
      lists
        .getColumn(Number(/\$([A-Z]+)\$/.exec(gridList!.formulae[0]!)![1]!.charCodeAt(0) - 64))
        .values.slice(1),
    ).toEqual(['一组', '二组']);
    expect(workbook.getWorksheet('填写说明')!.getCell('A1').value).toContain('填写说明');
  });

  it('imports a valid file: households, members, grid, in one go', async () => {
    await setup();
    const rows = [
      ...householdRows('一组', 1),
      ...householdRows('二组', 2),
      ...householdRows('杨柳村/一组', 3, 1),
    ];
    const analysis = await analyse(await householdXlsx(rows));
    expect(analysis.preview).toMatchObject({
      units: 3,
      validUnits: 3,
      creates: 3,
      updates: 0,
      problemCount: 0,
    });
    expect(commitImport(ctx(), analysis, false)).toEqual({
      created: 3,
      updated: 0,
      skipped: 0,
      members: 5,
    });
    const members = ctx()
      .sqlite.prepare(
        'SELECT m.name, m.relation, m.work_place AS place, g.name AS grid FROM members m JOIN household_grids hg ON hg.household_id = m.household_id JOIN grids g ON g.id = hg.grid_id ORDER BY m.id',
      )
      .all();
    expect(members).toEqual([
      { name: '张1', relation: '本人', place: null, grid: '一组' },
      { name: '王1', relation: '配偶', place: '昆明市', grid: '一组' },
      { name: '张2', relation: '本人', place: null, grid: '二组' },
      { name: '王2', relation: '配偶', place: '昆明市', grid: '二组' },
      { name: '张3', relation: '本人', place: null, grid: '一组' },
    ]);
  });

  it('reports each kind of bad row with sheet, row, column and a Chinese reason', async () => {
    await setup();
    const bad = (n: number, change: (rows: Row[]) => void) => {
      const rows = householdRows('一组', n);
      change(rows);
      return rows;
    };
    const rows = [
      ...bad(
        1,
        (r) =>
          (r[0]!['身份证号'] =
            String(r[0]!['身份证号']).slice(0, 17) +
            (String(r[0]!['身份证号']).endsWith('0') ? '1' : '0')),
      ),
      ...bad(2, (r) => (r[1]!['性别'] = '男')),
      ...bad(3, (r) => (r[0]!['网格（村民小组）'] = '九组')),
      ...bad(4, (r) => (r[0]!['与户主关系'] = '子')),
      ...bad(5, (r) => delete r[1]!['务工时长（月）']),
      ...bad(6, (r) => {
        r[1]!['身份证号'] = householdRows('一组', 7)[0]!['身份证号']!;
        r[1]!['性别'] = '男';
      }),
      ...householdRows('一组', 7),
      ...bad(8, (r) => (r[0]!['基本医保'] = '也许')),
    ];
    const { preview } = await analyse(await householdXlsx(rows));
    const find = (row: number) =>
      preview.problems.filter((p) => p.row === row).map((p) => `${p.column}：${p.reason}`);
    expect(preview.problems.every((p) => p.sheet === '农户与成员')).toBe(true);
    expect(find(2).join()).toContain('身份证号：身份证号校验位不对');
    expect(find(5).join()).toMatch(/性别：性别「男」与身份证号/);
    expect(find(6).join()).toContain('网格（村民小组）：找不到名为「九组」的网格');
    expect(find(8).join()).toContain('与户主关系：成员中要有一位与户主关系为「本人」的户主');
    expect(find(11).join()).toContain('务工地点和务工时长要么都填，要么都不填');
    expect(find(14).join()).toMatch(/身份证号：身份证号 532529\*+\d{3}[\dX] 在第 \d+ 行已经出现/);
    expect(find(16).join()).toContain('基本医保：只能填「是」或「否」，现为「也许」');
    expect(preview.validUnits).toBe(1);
  });

  it('writes nothing when one row is bad, even the last one', async () => {
    await setup();
    const rows = Array.from({ length: 30 }, (_, i) => householdRows('一组', i + 1)).flat();
    rows.at(-1)!['性别'] = '男';
    const analysis = await analyse(await householdXlsx(rows));
    expect(analysis.preview.problems.map((p) => p.row)).toEqual([61]);
    expect(() => commitImport(ctx(), analysis, false)).toThrow(
      '文件中有 1 处问题，没有导入任何数据',
    );
    expect(countRows(runtime(), 'households')).toBe(0);
    expect(countRows(runtime(), 'members')).toBe(0);
    // …unless the clerk asks for the valid households only.
    expect(commitImport(ctx(), analysis, true)).toMatchObject({ created: 29, skipped: 1 });
    expect(countRows(runtime(), 'households')).toBe(29);
  });

  it('updates instead of duplicating when the same file comes again', async () => {
    await setup();
    const rows = [...householdRows('一组', 1), ...householdRows('一组', 2)];
    commitImport(ctx(), await analyse(await householdXlsx(rows)), false);
    rows[0]!['住址'] = '一组新住址 8 号';
    rows[0]!['网格（村民小组）'] = '二组';
    rows.push({
      户主身份证号: rows[0]!['户主身份证号']!,
      姓名: '张小一',
      性别: '男',
      与户主关系: '子',
      出生日期: '2015/6/1',
    });
    const again = await analyse(await householdXlsx(rows));
    expect(again.preview).toMatchObject({ creates: 0, updates: 2 });
    expect(commitImport(ctx(), again, false)).toMatchObject({ created: 0, updated: 2 });
    expect(countRows(runtime(), 'households')).toBe(2);
    expect(countRows(runtime(), 'members')).toBe(5);
    const moved = ctx()
      .sqlite.prepare("SELECT address FROM households WHERE address LIKE '%新住址%'")
      .all();
    expect(moved).toHaveLength(1);
    expect(
      ctx()
        .sqlite.prepare('SELECT count(*) AS n FROM household_grids WHERE end_date IS NOT NULL')
        .get(),
    ).toEqual({ n: 1 });
    expect(
      ctx().sqlite.prepare("SELECT birth_date AS b FROM members WHERE name = '张小一'").get(),
    ).toEqual({ b: '2015-06-01' });
  });

  it('a re-import rewrites only what changed, and still records every household in the audit trail', async () => {
    await setup();
    const rows = [
      ...householdRows('一组', 1),
      ...householdRows('一组', 2),
      ...householdRows('一组', 3),
    ];
    rows[0]!['风险类型'] = '因病、因自然灾害（洪涝）';
    rows[0]!['监测对象类别'] = '边缘易致贫户';
    rows[0]!['识别认定日期'] = '2025-10-01';
    commitImport(ctx(), await analyse(await householdXlsx(rows)), false);
    const sqlite = ctx().sqlite;
    const snapshot = () => ({
      members: sqlite.prepare('SELECT * FROM members ORDER BY id').all(),
      households: sqlite.prepare('SELECT * FROM households ORDER BY id').all(),
      risks: sqlite.prepare('SELECT rowid AS r, * FROM household_risks ORDER BY rowid').all(),
      grids: sqlite.prepare('SELECT * FROM household_grids ORDER BY id').all(),
    });
    const stamp = '2030-01-02T03:04:05.000Z';
    ctx().now = () => new Date(stamp);

    // The same file again: every household is an update, no row is rewritten.
    const before = snapshot();
    expect(commitImport(ctx(), await analyse(await householdXlsx(rows)), false)).toMatchObject({
      created: 0,
      updated: 3,
    });
    expect(snapshot()).toEqual(before);
    const updates = () =>
      sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'import-update'").get();
    expect(updates()).toEqual({ n: 3 });

    // One member's workplace and another household's address change: only those rows are written.
    rows[1]!['务工地点'] = '上海市';
    rows[2]!['住址'] = '一组新住址 8 号';
    rows[0]!['风险类型'] = '因病';
    commitImport(ctx(), await analyse(await householdXlsx(rows)), false);
    const stamped = (table: string) =>
      sqlite.prepare(`SELECT id FROM ${table} WHERE updated_at = ? ORDER BY id`).all(stamp);
    const memberId = (name: string) =>
      (sqlite.prepare('SELECT id, household_id AS h FROM members WHERE name = ?').get(name) as {
        id: number;
        h: number;
      }) ?? { id: 0, h: 0 };
    expect(stamped('members')).toEqual([{ id: memberId('王1').id }]);
    expect(stamped('households')).toEqual([{ id: memberId('张2').h }]);
    expect(sqlite.prepare('SELECT work_place AS w FROM members WHERE name = ?').get('王1')).toEqual(
      { w: '上海市' },
    );
    expect(
      sqlite.prepare('SELECT risk_type AS t, disaster_subtype AS s FROM household_risks').all(),
    ).toEqual([{ t: '因病', s: null }]);
    expect(snapshot().grids).toEqual(before.grids);
    expect(updates()).toEqual({ n: 6 });
  });

  it('imports a GBK CSV and a UTF-8 CSV alike', async () => {
    await setup();
    for (const [encoding, n] of [
      ['gbk', 1],
      ['utf8', 2],
    ] as const) {
      const analysis = await analyseImport(
        ctx(),
        'households',
        `花名册-${encoding}.csv`,
        householdCsv(householdRows('一组', n), encoding),
      );
      expect(analysis.preview.problemCount).toBe(0);
      commitImport(ctx(), analysis, false);
    }
    expect(
      ctx().sqlite.prepare("SELECT name FROM members WHERE relation = '本人' ORDER BY id").all(),
    ).toEqual([{ name: '张1' }, { name: '张2' }]);
  });

  it('asks for .xlsx instead of a legacy .xls, and explains an ID stored as a number', async () => {
    await setup();
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    await expect(analyse(xls, '旧表.xls')).rejects.toThrow(
      '请在 Excel 或 WPS 中打开，「另存为」.xlsx 格式后再导入',
    );
    const { preview } = await analyse(
      await householdXlsx(householdRows('一组', 1), { idAsNumber: true }),
    );
    expect(preview.problems[0]).toMatchObject({
      column: '户主身份证号',
      reason: expect.stringContaining('设为「文本」格式'),
    });
  });

  it('refuses an ID already registered in another household', async () => {
    await setup();
    await dispatch(ctx(), 'households.create', {
      gridId: 4,
      householdType: '一般农户',
      members: [
        { name: '李四', sex: '男', idNumber: validId('19700115', '011'), relation: '本人' },
      ],
    });
    const rows = householdRows('一组', 5);
    rows[1]!['身份证号'] = validId('19700115', '011');
    rows[1]!['性别'] = '男';
    const { preview } = await analyse(await householdXlsx(rows));
    expect(preview.problems).toEqual([
      expect.objectContaining({
        row: 3,
        column: '身份证号',
        reason: expect.stringContaining('已登记为「李四」户的成员「李四」'),
      }),
    ]);
  });

  it('exports the roster in the template’s columns for A4, and the export imports back unchanged', async () => {
    await setup();
    const rows = [...householdRows('一组', 1), ...householdRows('二组', 2)];
    rows[0]!['风险类型'] = '因病、因自然灾害（洪涝）';
    rows[0]!['监测对象类别'] = '边缘易致贫户';
    rows[0]!['识别认定日期'] = '2025-10-01';
    rows[2]!['住址'] = '二组 "A&B" <3> 号';
    commitImport(ctx(), await analyse(await householdXlsx(rows)), false);
    const { buffer, rows: count } = await exportRoster(ctx(), {});
    expect(count).toBe(4);
    // The rows are written beside exceljs (xlsx-splice.ts): text, numbers, text-format IDs.
    const rowsBack = (await readBack(buffer)).getWorksheet('农户与成员')!;
    const header = (rowsBack.getRow(1).values as string[]).slice(1);
    const cell = (row: number, name: string) =>
      rowsBack.getRow(row).getCell(header.indexOf(name) + 1);
    expect(cell(4, '住址').value).toBe('二组 "A&B" <3> 号');
    expect(cell(3, '务工时长（月）').value).toBe(6);
    expect(cell(3, '身份证号').numFmt).toBe('@');
    expect(cell(2, '户编号').value).toBeNull();
    expect(rowsBack.rowCount).toBe(5);
    const workbook = await readBack(buffer);
    const sheet = workbook.getWorksheet('农户与成员')!;
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToWidth: 1,
      printTitlesRow: '1:1',
    });
    expect((sheet.getRow(1).values as string[]).slice(1, 3)).toEqual([
      '网格（村民小组）',
      '户主身份证号',
    ]);
    expect(sheet.getRow(2).getCell(10).value).toBe('因病、因自然灾害（洪涝）');
    const before = ctx().sqlite.prepare('SELECT * FROM members ORDER BY id').all();
    const again = await analyse(buffer);
    expect(again.preview).toMatchObject({ problemCount: 0, creates: 0, updates: 2 });
    commitImport(ctx(), again, false);
    const after = ctx().sqlite.prepare('SELECT * FROM members ORDER BY id').all() as Record<
      string,
      unknown
    >[];
    expect(after.map(({ updated_at: _u, ...m }) => m)).toEqual(
      (before as Record<string, unknown>[]).map(({ updated_at: _u, ...m }) => m),
    );
    expect(
      ctx()
        .sqlite.prepare(
          'SELECT risk_type AS t, disaster_subtype AS s FROM household_risks ORDER BY t',
        )
        .all(),
    ).toEqual([
      { t: '因病', s: null },
      { t: '因自然灾害', s: '洪涝' },
    ]);
  });

  it('runs as a job with progress through the API, and gives the problems as a workbook', async () => {
    await setup();
    const rows = householdRows('一组', 1);
    rows[1]!['性别'] = '男';
    const file = await householdXlsx(rows);
    const started = await dispatch(ctx(), 'rosterIo.importStart', {
      kind: 'households',
      fileName: '花名册.xlsx',
      data: file,
    });
    expect(started.ok).toBe(true);
    const jobId = (started as { result: { jobId: string } }).result.jobId;
    let status: { phase: string; preview: { problemCount: number } | null } = {
      phase: 'reading',
      preview: null,
    };
    for (let i = 0; i < 100 && status.phase !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = (
        (await dispatch(ctx(), 'rosterIo.importStatus', { jobId })) as { result: typeof status }
      ).result;
    }
    expect(status).toMatchObject({ phase: 'ready', preview: { problemCount: 1 } });
    const problems = (await dispatch(ctx(), 'rosterIo.importProblems', { jobId })) as {
      result: { fileName: string; data: Uint8Array };
    };
    expect(problems.result.fileName).toBe('花名册-问题清单.xlsx');
    const sheet = (await readBack(Buffer.from(problems.result.data))).worksheets[0]!;
    const errorColumn = (sheet.getRow(1).values as string[]).length - 1;
    expect(sheet.getRow(1).getCell(errorColumn).value).toBe('错误说明');
    expect(String(sheet.getRow(3).getCell(errorColumn).value)).toContain('「性别」');
    expect(sheet.getRow(2).getCell(errorColumn).value).toBe('');
    expect(
      await dispatch(ctx(), 'rosterIo.importCommit', { jobId, validOnly: false }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(countRows(runtime(), 'members')).toBe(0);
  });

  it('refuses file names with folders in them', async () => {
    const result = await dispatch(ctx(), 'rosterIo.importStart', {
      kind: 'households',
      fileName: '../../etc/passwd.xlsx',
      data: new Uint8Array(0),
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('文件名不能包含') },
    });
  });
});

describe('a whole demo village through export and import', () => {
  const runtime = useTestRuntime();
  it('comes back without a single garbled character (exceljs streaming-reader bug)', async () => {
    const { seedDemo } = await import('../../electron/services/demo/demo');
    await seedDemo(runtime().ctx, { size: 'village', seed: 1 });
    const { buffer, rows } = await exportRoster(runtime().ctx, {});
    expect(rows).toBeGreaterThan(1000);
    const analysis = await analyseImport(runtime().ctx, 'households', '全村.xlsx', buffer);
    expect(analysis.table.rows.flatMap((r) => r.cells.map((c) => c.text)).join('')).not.toContain(
      '\uFFFD',
    );
    expect(analysis.preview).toMatchObject({ problemCount: 0, units: 400, updates: 400 });
  });
});

describe('worker import', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  async function workerFile(rows: Record<string, string | number | undefined>[]): Promise<Buffer> {
    const { WORKER_COLUMNS } = await import('../../electron/services/roster-io/columns');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('网格员');
    sheet.addRow(WORKER_COLUMNS.map((c) => c.header));
    for (const row of rows) sheet.addRow(WORKER_COLUMNS.map((c) => row[c.header] ?? null));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it('creates workers with their roles, refuses bad rows, and does not duplicate on re-import', async () => {
    await dispatch(ctx(), 'setup.createVillage', VILLAGE);
    const good = [
      {
        姓名: '李建国',
        性别: '男',
        电话: '13800138000',
        职务: '村支书',
        网格: '杨柳村',
        网格职责: '网格长',
        开始日期: '2025-01-01',
      },
      {
        姓名: '李建国',
        性别: '男',
        电话: '13800138000',
        职务: '村支书',
        网格: '一组',
        网格职责: '监管员',
        开始日期: '2025-01-01',
      },
      { 姓名: '赵红', 性别: '女', 电话: '0871-1234567', 职务: '驻村工作队员' },
    ];
    const bad = {
      姓名: '孙强',
      性别: '男',
      电话: '1234',
      网格: '九组',
      网格职责: '组长',
      开始日期: '2025-13-01',
    };
    const withBad = await analyseImport(
      ctx(),
      'workers',
      '网格员.xlsx',
      await workerFile([...good, bad]),
    );
    const reasons = withBad.preview.problems.map((p) => `${p.row} ${p.column}：${p.reason}`);
    expect(reasons).toEqual([
      expect.stringContaining('5 电话：电话格式不对'),
      expect.stringContaining('5 网格：找不到名为「九组」的网格'),
      expect.stringContaining('5 网格职责：网格职责只能是'),
      expect.stringContaining('5 开始日期：开始日期「2025-13-01」不是有效的日期'),
    ]);
    expect(() => commitImport(ctx(), withBad, false)).toThrow('没有导入任何数据');
    expect(countRows(runtime(), 'workers')).toBe(0);

    const file = await workerFile(good);
    expect(
      commitImport(ctx(), await analyseImport(ctx(), 'workers', '网格员.xlsx', file), false),
    ).toMatchObject({ created: 2 });
    commitImport(ctx(), await analyseImport(ctx(), 'workers', '网格员.xlsx', file), false);
    expect(countRows(runtime(), 'workers')).toBe(2);
    const roles = ctx()
      .sqlite.prepare(
        'SELECT w.name, g.name AS grid, r.role FROM worker_roles r JOIN workers w ON w.id = r.worker_id JOIN grids g ON g.id = r.grid_id ORDER BY r.id',
      )
      .all();
    expect(roles).toEqual([
      { name: '李建国', grid: '杨柳村', role: '网格长' },
      { name: '李建国', grid: '一组', role: '监管员' },
    ]);
  });
});
