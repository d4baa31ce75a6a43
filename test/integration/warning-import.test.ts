import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ProblemDetail } from '../../electron/api/ledger-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import type {
  WarningBatchDetail,
  WarningBatchSummary,
  WarningImportResult,
  WarningPreview,
} from '../../electron/api/warnings-types';
import { runCli } from '../../electron/cli/commands';
import { logFiles } from '../../electron/services/log/logger';
import { IN_THREAD_ROWS } from '../../electron/services/warnings/handlers';
import { seedLedgerBase, type LedgerBase } from '../fixtures/ledger';
import { householdInput, validId } from '../fixtures/people';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { makeTempDir } from '../fixtures/temp-dir';
import { callers } from '../fixtures/village';
import { rawXlsx } from '../fixtures/hostile-files';

// The fixed clock (test/fixtures/runtime.ts) makes today 2026-05-06, a Wednesday.

const ZHANG = validId('19700101', '011'); // 张三, head of household zhang (杨柳村 一组)
const WANG_FANG = validId('19720305', '012'); // 王芳, his wife
const SUN = validId('19600101', '051'); // 孙五 (石桥村 一组: no worker in role)
const STRANGER = validId('19800101', '991');
const OTHER_ZHANG = validId('19750505', '071'); // a second 张三 in 杨柳村 二组
const BAD_CHECKSUM = `${ZHANG.slice(0, 17)}${ZHANG[17] === '0' ? '1' : '0'}`;

const HEADER = ['序号', '姓名', '公民身份号码', '所在村', '预警类型', '预警日期', '推送部门'];
/** Spaced and full-width as a department's file comes: the same normaliser as the forms. */
const spaced = (id: string) => `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
const fullWidth = (id: string) => id.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

const LIST: (string | number)[][] = [
  [1, '张三', spaced(ZHANG), '杨柳村', '因病', '2026/4/30', '县医保局'], // row 4: by ID
  [2, '赵四', '', '杨柳村', '低保新增', '２０２６－０５－０６', '县民政局'], // row 5: by name + village
  [3, '钱七', STRANGER, '杨柳村', '因残', '20260502', '县残联'], // row 6: unknown ID
  [4, '张三', '', '杨柳村', '收入骤减', '2026-05-04', '县人社局'], // row 7: two 张三
  [5, '张三', fullWidth(ZHANG), '杨柳村', '因病', '2026-04-30', '县医保局'], // row 8: repeat of 4
  [6, '王芳', WANG_FANG, '杨柳村', '因病', '2026-04-30', '县医保局'], // row 9: same household, same type
  [7, '周八', BAD_CHECKSUM, '杨柳村', '因病', '2026-05-01', '县医保局'], // row 10: checksum
  [8, '孙五', SUN, '石桥村', '因病', '2026-13-01', '县医保局'], // row 11: no date; grid without worker
  [9, '', '', '杨柳村', '因病', '2026-05-01', '县医保局'], // row 12: neither ID nor name
];

async function listXlsx(rows = LIST): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('预警名单');
  sheet.addRow(['2026年5月防返贫监测预警名单']);
  sheet.addRow([]);
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(3).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const MAPPING = {
  idNumber: 2,
  name: 1,
  village: 3,
  warningType: 4,
  warningDate: 5,
  department: 6,
};

describe('部门筛查预警: 预警名单 in, 核查反馈表 out (docs/domain.md §11)', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);
  let base: LedgerBase;

  async function seed() {
    base = await seedLedgerBase(call);
    const other = householdInput(5, 7);
    other.members = [{ name: '张三', sex: '男', idNumber: OTHER_ZHANG, relation: '本人' }];
    await call('households.create', other);
    // May Day: 5-1, 5-4 and 5-5 off, Saturday 5-9 a make-up working day (调休).
    await call('settings.update', {
      holidays: ['2026-05-01', '2026-05-04', '2026-05-05'],
      workdays: ['2026-05-09'],
    });
  }

  const problemsOfSource = () =>
    ctx()
      .sqlite.prepare(
        `SELECT id, household_id AS householdId, worker_id AS workerId, category, source,
           description, registered_date AS registeredDate FROM problems ORDER BY id`,
      )
      .all() as {
      id: number;
      householdId: number;
      workerId: number;
      category: string;
      source: string;
      description: string;
      registeredDate: string;
    }[];

  it('previews: finds the header under a title, proposes the mapping, names row problems', async () => {
    await seed();
    const preview = await call<WarningPreview>('warnings.preview', {
      fileName: '预警名单.xlsx',
      data: await listXlsx(),
    });
    expect(preview.headerRow).toBe(3);
    expect(preview.recognised).toBe(true);
    expect(preview.mapping).toEqual(MAPPING);
    expect(preview.rowCount).toBe(9);
    // Masked in the sample: 前6后4.
    expect(preview.sample[0]!.cells[2]).toBe(`${ZHANG.slice(0, 6)}********${ZHANG.slice(-4)}`);
    expect(JSON.stringify(preview)).not.toContain(ZHANG);
    expect(preview.problems).toEqual([
      { row: 10, column: '公民身份号码', reason: '身份证号校验位不对，请核对是否抄错' },
      {
        row: 11,
        column: '预警日期',
        reason: expect.stringContaining('预警日期「2026-13-01」不是有效的日期'),
      },
      { row: 12, column: '姓名', reason: '身份证号和姓名都没有填，无法查找是哪一户' },
    ]);
  });

  it('imports in one transaction: matched, unmatched, duplicate; one problem per household', async () => {
    await seed();
    const data = await listXlsx();
    // 孙五's grid (石桥村/一组) has no 网格员 or 网格长: refused by name, nothing written.
    const refused = await fail('warnings.import', {
      fileName: '预警名单.xlsx',
      data,
      mapping: MAPPING,
    });
    expect(refused.message).toContain('石桥村/一组');
    expect(refused.message).toContain('默认登记人');
    expect(countRows(runtime(), 'warning_batches')).toBe(0);
    expect(countRows(runtime(), 'warning_rows')).toBe(0);
    expect(countRows(runtime(), 'problems')).toBe(0);

    const result = await call<WarningImportResult>('warnings.import', {
      fileName: '预警名单.xlsx',
      data,
      mapping: MAPPING,
      defaultWorkerId: base.workers.wang,
    });
    expect(result).toMatchObject({
      rowCount: 9,
      matched: 4,
      unmatched: 4,
      duplicates: 1,
      linked: 1,
      registered: 3,
    });
    expect(result.unmatchedRows.map((r) => [r.row, r.reason])).toEqual([
      [6, '本村花名册中没有这个身份证号'],
      [7, '同名 2 人，请核对身份证号'],
      [10, '「公民身份号码」身份证号校验位不对，请核对是否抄错'],
      [12, '「姓名」身份证号和姓名都没有填，无法查找是哪一户'],
    ]);
    expect(result.unmatchedRows[0]!.idNumber).toBe(
      `${STRANGER.slice(0, 6)}********${STRANGER.slice(-4)}`,
    );

    const problems = problemsOfSource();
    expect(problems).toHaveLength(3);
    expect(
      problems.map((p) => [p.householdId, p.workerId, p.category, p.source, p.registeredDate]),
    ).toEqual([
      [base.households.zhang, base.workers.wang, '医疗', '部门筛查预警', '2026-05-06'],
      [base.households.zhao, base.workers.li, '其他', '部门筛查预警', '2026-05-06'],
      [base.households.sun, base.workers.wang, '医疗', '部门筛查预警', '2026-05-06'],
    ]);
    expect(problems[0]!.description).toBe('部门筛查预警：因病（县医保局，2026-04-30）');
    expect(problems[1]!.description).toBe('部门筛查预警：低保新增（县民政局，2026-05-06）');

    const detail = await call<WarningBatchDetail>('warnings.batch', { id: result.batchId });
    const byRow = new Map(detail.rows.map((r) => [r.row, r]));
    // Thu 4-30 + 3 working days over May Day: 5-6, 5-7, 5-8.
    expect(byRow.get(4)).toMatchObject({
      outcome: 'matched',
      checkDue: '2026-05-08',
      problemId: problems[0]!.id,
    });
    // Wed 5-6 + 3 working days: 5-7, 5-8 and the make-up Saturday 5-9.
    expect(byRow.get(5)).toMatchObject({
      outcome: 'matched',
      checkDue: '2026-05-09',
      problemId: problems[1]!.id,
    });
    expect(byRow.get(8)).toMatchObject({
      outcome: 'duplicate',
      reason: '与第 4 行是同一人，不重复登记',
    });
    expect(byRow.get(9)).toMatchObject({ outcome: 'matched', problemId: problems[0]!.id });
    expect(byRow.get(9)!.reason).toContain('已关联，未重复登记');
    // No date that is a date: 核查 counted from the import day.
    expect(byRow.get(11)).toMatchObject({
      outcome: 'matched',
      checkDue: '2026-05-09',
      warningDate: '2026-13-01',
    });
    expect(byRow.get(4)!.idNumber).toBe(`${ZHANG.slice(0, 6)}********${ZHANG.slice(-4)}`);
    expect(detail.rows.every((r) => !r.overdue)).toBe(true);

    // No ID number in any problem, audit row or log line.
    const everyId = [ZHANG, WANG_FANG, SUN, STRANGER, OTHER_ZHANG, BAD_CHECKSUM];
    const auditText = JSON.stringify(ctx().sqlite.prepare('SELECT * FROM audit_log').all());
    const problemText = JSON.stringify(ctx().sqlite.prepare('SELECT * FROM problems').all());
    const logText = logFiles(runtime().dir)
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    for (const id of everyId) {
      expect(auditText).not.toContain(id);
      expect(problemText).not.toContain(id);
      expect(logText).not.toContain(id);
    }
    const batchAudit = ctx()
      .sqlite.prepare(`SELECT after FROM audit_log WHERE entity = 'warning_batch'`)
      .all() as { after: string }[];
    expect(batchAudit).toHaveLength(1);
    expect(JSON.parse(batchAudit[0]!.after)).toMatchObject({
      matched: 4,
      unmatched: 4,
      duplicates: 1,
    });

    // Importing the same list again links to the open problems: no second problem.
    const again = await call<WarningImportResult>('warnings.import', {
      fileName: '预警名单.xlsx',
      data,
      mapping: MAPPING,
      defaultWorkerId: base.workers.wang,
    });
    expect(again).toMatchObject({ matched: 4, registered: 0, linked: 4 });
    expect(problemsOfSource()).toHaveLength(3);
    const batches = await call<WarningBatchSummary[]>('warnings.batches', {});
    expect(batches.map((b) => b.id)).toEqual([again.batchId, result.batchId]);
  });

  it('writes the 核查反馈表: one row per household, 核查结果 after 核实评议, 是否纳入 after a proposal', async () => {
    await seed();
    const result = await call<WarningImportResult>('warnings.import', {
      fileName: '预警名单.xlsx',
      data: await listXlsx(),
      mapping: MAPPING,
      defaultWorkerId: base.workers.wang,
    });
    const detail = await call<WarningBatchDetail>('warnings.batch', { id: result.batchId });
    const zhangProblem = detail.rows.find((r) => r.row === 4)!.problemId!;
    await call<ProblemDetail>('problems.saveStep', {
      problemId: zhangProblem,
      step: '核实评议',
      date: '2026-05-06',
      person: '李支书',
      outcome: '住院自付 4 万元，情况属实',
    });
    await call<ProblemDetail>('problems.propose', {
      problemId: zhangProblem,
      proposal: '拟纳入',
      proposalDate: '2026-05-06',
      monitorCategory: '突发严重困难户',
      riskTypes: ['因病'],
    });
    const after = await call<WarningBatchDetail>('warnings.batch', { id: result.batchId });
    expect(after.rows.find((r) => r.row === 4)).toMatchObject({
      checkedDate: '2026-05-06',
      overdue: false,
    });

    const file = await call<FilePayload>('warnings.reply', { batchId: result.batchId });
    expect(file.fileName).toBe('核查反馈表-预警名单-20260506.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.pageSetup.orientation).toBe('landscape');
    expect(sheet.pageSetup.paperSize).toBe(9);
    expect(String(sheet.getCell('A2').value)).toContain('内部资料');
    const header = (sheet.getRow(4).values as unknown[]).slice(1);
    expect(header).toEqual([
      '序号',
      '姓名',
      '身份证号',
      '村',
      '预警类型',
      '预警日期',
      '核查结果',
      '是否纳入',
      '核查人',
      '日期',
      '是否超期',
      '备注',
    ]);
    const body: string[][] = [];
    for (let r = 5; r <= sheet.rowCount; r++) {
      body.push(
        Array.from({ length: 12 }, (_, i) => {
          const v = sheet.getRow(r).getCell(i + 1).value;
          return v == null ? '' : String(v);
        }),
      );
    }
    // In file order: zhang (rows 4, 8, 9 → one line), zhao, the unmatched rows and sun.
    expect(body).toHaveLength(7);
    expect(body[0]!.slice(0, 11)).toEqual([
      '1',
      '张三、王芳',
      `${ZHANG}\n${WANG_FANG}`,
      '杨柳村',
      '因病',
      '2026-04-30',
      '住院自付 4 万元，情况属实',
      '拟纳入',
      '李支书',
      '2026-05-06',
      '否',
    ]);
    expect(body[1]!.slice(1, 8)).toEqual([
      '赵四',
      '',
      '杨柳村',
      '低保新增',
      '2026-05-06',
      '核查中',
      '',
    ]);
    expect(body.map((r) => r[6])).toEqual([
      '住院自付 4 万元，情况属实', // row 4 (8, 9 collapsed)
      '核查中', // row 5
      '本村未找到', // row 6
      '本村未找到', // row 7
      '本村未找到', // row 10
      '核查中', // row 11
      '本村未找到', // row 12
    ]);
    expect(body[2]![2]).toBe(STRANGER);
  });

  it('reads a GBK CSV and matches by name and village', async () => {
    await seed();
    // A county list of 300 rows: past IN_THREAD_ROWS, so written by the job in a worker thread.
    const strangers = Array.from(
      { length: 300 },
      (_, i) => `外村${i},${validId('19900101', String(100 + i))},石桥村,因病,2026-05-06,县人社局`,
    );
    const csv = iconv.encode(
      [
        '姓名,身份证号,村,预警类型,预警日期,预警部门',
        '赵四,,杨柳村,收入骤减,2026-05-06,县人社局',
        ...strangers,
      ].join('\r\n'),
      'gbk',
    );
    const preview = await call<WarningPreview>('warnings.preview', {
      fileName: '预警.csv',
      data: csv,
    });
    expect(preview.mapping).toEqual({
      idNumber: 1,
      name: 0,
      village: 2,
      warningType: 3,
      warningDate: 4,
      department: 5,
    });
    const result = await call<WarningImportResult>('warnings.import', {
      fileName: '预警.csv',
      data: csv,
      mapping: preview.mapping,
    });
    expect(strangers.length + 1).toBeGreaterThan(IN_THREAD_ROWS);
    expect(result).toMatchObject({ matched: 1, unmatched: 300, registered: 1 });
    expect(problemsOfSource()[0]).toMatchObject({
      category: '收入骤减',
      householdId: base.households.zhao,
    });
  });

  it('marks a 核查 past its due day as overdue, in the list and in the reply', async () => {
    await seed();
    const csv = Buffer.from('姓名,村,预警类型,预警日期\n赵四,杨柳村,因病,2026-04-01\n');
    const result = await call<WarningImportResult>('warnings.import', {
      fileName: '旧名单.csv',
      data: csv,
      mapping: { name: 0, village: 1, warningType: 2, warningDate: 3 },
    });
    const detail = await call<WarningBatchDetail>('warnings.batch', { id: result.batchId });
    // Wed 4-1 + 3 working days: 4-2, 4-3, 4-6; today is 5-6 and no 核实评议 is recorded.
    expect(detail.rows[0]).toMatchObject({ checkDue: '2026-04-06', overdue: true });
    const batches = await call<WarningBatchSummary[]>('warnings.batches', {});
    expect(batches[0]).toMatchObject({ id: result.batchId, overdue: 1 });
    const file = await call<FilePayload>('warnings.reply', { batchId: result.batchId });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.getCell('K5').value).toBe('是');
  });

  it('refuses a bad file in Chinese and writes nothing', async () => {
    await seed();
    const tries: [string, Uint8Array, RegExp][] = [
      ['名单.xlsx', Buffer.from('%PDF-1.4 not a workbook'), /不是有效的 \.xlsx 文件/],
      ['名单.pdf', Buffer.from('x'), /只能导入 \.xlsx 或 \.csv 文件/],
      ['名单.csv', new Uint8Array(11 * 1024 * 1024), /超过 10 MB/],
      [
        '名单.xlsx',
        // A formula of 5 MB in one cell: past the reader's bound for one row.
        rawXlsx('Sheet1', `<row r="1"><c r="A1"><f>${'A1+'.repeat(1_700_000)}1</f></c></row>`),
        /已拒绝读取/,
      ],
      [
        '名单.csv',
        Buffer.from(
          ['姓名,身份证号,村', ...Array.from({ length: 100_000 }, (_, i) => `人${i},,杨柳村`)].join(
            '\n',
          ),
        ),
        /超过 20,000 行/,
      ],
    ];
    for (const [index, [fileName, data, message]] of tries.entries()) {
      const preview = await fail('warnings.preview', { fileName, data });
      expect(preview.message, `preview ${fileName}`).toMatch(message);
      // The import reads the file again in its own job: each kind of refusal once is enough
      // (a worker thread started from source takes seconds here).
      if (index === 0 || index === 3 || index === 4) {
        const error = await fail('warnings.import', { fileName, data, mapping: MAPPING });
        expect(error.message, `import ${fileName}`).toMatch(message);
      }
    }
    expect(countRows(runtime(), 'warning_batches')).toBe(0);
    expect(countRows(runtime(), 'problems')).toBe(0);
  });

  it('is refused in a 乡镇汇总库', async () => {
    await call('setup.createWorkspace', { kind: 'township', county: '石门县', township: '柳湾镇' });
    const error = await fail('warnings.preview', {
      fileName: '预警名单.xlsx',
      data: await listXlsx(),
    });
    // The read-only guard (or the service's own check) refuses it, naming the 汇总库.
    expect(error.message).toContain('乡镇汇总库');
    expect(countRows(runtime(), 'warning_batches')).toBe(0);
  });
});

describe('CLI warning-import and warning-reply', () => {
  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('imports a list and writes the reply', async () => {
    const temp = makeTempDir();
    try {
      const db = path.join(temp.dir, 'village-ledger.db');
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
      const worker = await cli([
        'call',
        '--db',
        db,
        'workers.create',
        JSON.stringify({ name: '王网格', sex: '男' }),
      ]);
      expect(worker.code).toBe(0);
      const workerId = JSON.parse(worker.out).id as number;
      await cli([
        'call',
        '--db',
        db,
        'roles.assign',
        JSON.stringify({ workerId, gridId: 4, role: '网格员', startDate: '2025-01-01' }),
      ]);
      const created = await cli([
        'call',
        '--db',
        db,
        'households.create',
        JSON.stringify(householdInput(4, 1)),
      ]);
      expect(created.code).toBe(0);
      const file = path.join(temp.dir, '医保局预警.csv');
      fs.writeFileSync(
        file,
        [
          '身份证号,姓名,村,预警类型,预警日期',
          `${ZHANG},张三,杨柳村,因病,2026-05-04`,
          `${STRANGER},钱七,杨柳村,因残,2026-05-04`,
          `${ZHANG},张三,杨柳村,因病,2026-05-04`,
        ].join('\n'),
      );
      const run = await cli(['warning-import', '--db', db, file, '--department', '县医保局']);
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      expect(run.out).toContain('匹配 1 行，未匹配 1 行，重复 1 行');
      expect(run.out).toContain(`${STRANGER.slice(0, 6)}********${STRANGER.slice(-4)}`);
      expect(run.out).not.toContain(STRANGER);
      const batchId = /编号 (\d+)/.exec(run.out)![1]!;
      const out = path.join(temp.dir, '反馈.xlsx');
      const reply = await cli(['warning-reply', '--db', db, '--batch', batchId, '--out', out]);
      expect(reply.code).toBe(0);
      expect(fs.existsSync(`${out}.partial`)).toBe(false);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(out);
      const sheet = book.worksheets[0]!;
      expect(sheet.getCell('B5').value).toBe('张三');
      expect(sheet.getCell('G5').value).toBe('核查中');
      expect(sheet.getCell('G6').value).toBe('本村未找到');
      expect(String(sheet.getCell('A3').value)).toContain('县医保局');
    } finally {
      temp.cleanup();
    }
  });
});
