import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../electron/api/id-number';
import {
  DATE_FORMS_HINT,
  ID_NUMBER_HINT,
  NAME_HINT,
  normalizeDate,
  normalizeIdNumber,
  normalizePersonName,
  normalizePhone,
  PHONE_HINT,
} from '../../electron/api/normalize';
import { buildTemplate } from '../../electron/services/roster-io/template';
import { analyseImport, commitImport } from '../../electron/services/roster-io/import';
import {
  HOUSEHOLD_COLUMNS,
  HOUSEHOLD_SHEET,
  WORKER_COLUMNS,
  WORKER_SHEET,
  type Column,
} from '../../electron/services/roster-io/columns';
import { householdCsv } from '../fixtures/roster-files';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { call, VILLAGE } from '../fixtures/village';

/**
 * docs/domain.md §10 and issue 12 item 2: the same real-world text gives the same stored value
 * through the forms' API calls (households.create, members.add, workers.create, roles.assign)
 * and through an import, .xlsx (text cells, a numeric Excel serial, a real date cell) or .csv.
 * Each path fills its own fresh database; the stored rows are then compared whole.
 */

const fullWidth = (text: string) =>
  text.replace(/[0-9X()-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

/** A valid ID born on `birth`, with the check character X when `wantX` (sex from `odd`). */
function id(birth: string, odd: boolean, wantX = false): string {
  for (let seq = 0; seq < 1000; seq++) {
    const sequence = String(seq).padStart(3, '0');
    if (Number(sequence[2]) % 2 !== (odd ? 1 : 0)) continue;
    const first17 = `532529${birth}${sequence}`;
    const check = idCheckChar(first17);
    if ((check === 'X') === wantX) return first17 + check;
  }
  throw new Error('no such ID');
}

/** A date as the API gets it (typed text) and as an import cell holds it. */
interface DateCase {
  typed: string;
  /** The .xlsx cell: text, a number without date format (a serial) or a real date cell. */
  cell: string | number | Date;
  /** The .csv text (a CSV cannot carry a serial or a date cell: the typed form instead). */
  csv: string;
  stored: string;
}

const DATES: DateCase[] = [
  { typed: '2026/3/1', cell: '2026/3/1', csv: '2026/3/1', stored: '2026-03-01' },
  { typed: '2025年12月9日', cell: '2025年12月9日', csv: '2025年12月9日', stored: '2025-12-09' },
  { typed: '20240229', cell: '20240229', csv: '20240229', stored: '2024-02-29' },
  { typed: '2026.3.15', cell: 46096, csv: '2026.3.15', stored: '2026-03-15' },
  {
    typed: fullWidth('2023-7-4'),
    cell: new Date(Date.UTC(2023, 6, 4)),
    csv: fullWidth('2023-7-4'),
    stored: '2023-07-04',
  },
];

interface Family {
  head: { name: string; id: string; phone: string };
  spouse: { name: string; birthDate: DateCase };
  identified: DateCase;
}

const HEAD_NAMES = ['张  三', '李\u3000四', ' Maria  Li ', '王 五 ', '\u3000赵  六'];
const PHONES = [
  '138 1234 5678',
  '138-1234-5679',
  fullWidth('(0871)1234567'),
  '0871 123 4567',
  '+86 13912345678',
];
const FAMILIES: Family[] = DATES.map((date, i) => ({
  head: {
    name: HEAD_NAMES[i]!,
    // Full-width digits (and a full-width Ｘ on one), blanks between the digit groups on another.
    id:
      i === 1
        ? id(`1970010${i + 1}`, true).replace(/^(\d{6})(\d{8})/, '$1 $2 ')
        : fullWidth(id(`1970010${i + 1}`, true, i === 0)),
    phone: PHONES[i]!,
  },
  spouse: { name: `王  芳${'甲乙丙丁戊'[i]}`, birthDate: DATES[(i + 2) % DATES.length]! },
  identified: date,
}));

const opened: TestRuntime[] = [];
afterEach(() => {
  for (const runtime of opened.splice(0)) runtime.cleanup();
});

async function village(): Promise<TestRuntime> {
  const runtime = await openTestRuntime();
  opened.push(runtime);
  await call(runtime.ctx, 'setup.createVillage', VILLAGE);
  return runtime;
}

/** The forms' path: households.create with the head, then members.add for the spouse. */
async function throughApi(): Promise<TestRuntime> {
  const runtime = await village();
  for (const family of FAMILIES) {
    const household = await call<{ id: number }>(runtime.ctx, 'households.create', {
      gridId: 4,
      householdType: '一般农户',
      monitorCategory: '脱贫不稳定户',
      identifiedDate: family.identified.typed,
      risks: [{ riskType: '因病' }, { riskType: '因自然灾害', disasterSubtype: '洪涝' }],
      phone: family.head.phone,
      members: [{ name: family.head.name, sex: '男', idNumber: family.head.id, relation: '本人' }],
    });
    await call(runtime.ctx, 'members.add', {
      householdId: household.id,
      name: family.spouse.name,
      sex: '女',
      relation: '配偶',
      birthDate: family.spouse.birthDate.typed,
    });
  }
  return runtime;
}

/** Rows keyed by header text, for a file of the template's columns. */
function familyRows(form: 'cell' | 'csv'): Record<string, unknown>[] {
  return FAMILIES.flatMap((family) => [
    {
      '网格（村民小组）': '一组',
      户主身份证号: family.head.id,
      联系电话: family.head.phone,
      户类型: '一般农户',
      监测对象类别: '脱贫不稳定户',
      识别认定日期: family.identified[form],
      风险类型: '因病、因自然灾害（洪涝）',
      姓名: family.head.name,
      性别: '男',
      身份证号: family.head.id,
      与户主关系: '本人',
    },
    {
      户主身份证号: family.head.id,
      姓名: family.spouse.name,
      性别: '女',
      与户主关系: '配偶',
      出生日期: family.spouse.birthDate[form],
    },
  ]);
}

async function xlsx(
  sheetName: string,
  columns: readonly Column[],
  rows: Record<string, unknown>[],
) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(columns.map((c) => c.header));
  for (const row of rows) sheet.addRow(columns.map((c) => row[c.header] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function throughImport(
  kind: 'households' | 'workers',
  fileName: string,
  file: Buffer,
): Promise<TestRuntime> {
  const runtime = await village();
  const analysis = await analyseImport(runtime.ctx, kind, fileName, file);
  expect(analysis.preview.problems).toEqual([]);
  commitImport(runtime.ctx, analysis, false);
  return runtime;
}

/** Every stored column except keys and timestamps, in insertion order. */
function stored(runtime: TestRuntime, table: string): Record<string, unknown>[] {
  return (
    runtime.ctx.sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<
      string,
      unknown
    >[]
  ).map(({ id: _id, created_at: _c, updated_at: _u, ...rest }) => rest);
}

describe('one normalizer for the forms and the import', () => {
  it('households and members: the API, an .xlsx and a .csv store the same values', async () => {
    const api = await throughApi();
    const viaXlsx = await throughImport(
      'households',
      '花名册.xlsx',
      await xlsx(HOUSEHOLD_SHEET, HOUSEHOLD_COLUMNS, familyRows('cell')),
    );
    const viaCsv = await throughImport(
      'households',
      '花名册.csv',
      householdCsv(familyRows('csv') as Record<string, string>[], 'utf8'),
    );

    // What the API stored is what §10 says, value by value.
    const households = stored(api, 'households');
    expect(households.map((h) => [h.identified_date, h.phone])).toEqual([
      ['2026-03-01', '13812345678'],
      ['2025-12-09', '13812345679'],
      ['2024-02-29', '0871-1234567'],
      ['2026-03-15', '0871-1234567'],
      ['2023-07-04', '13912345678'],
    ]);
    const members = stored(api, 'members');
    expect(members.map((m) => [m.name, m.id_number, m.birth_date])).toEqual(
      FAMILIES.flatMap((family, i) => [
        [
          ['张三', '李四', 'Maria Li', '王五', '赵六'][i],
          family.head.id
            .replace(/[\s]/g, '')
            .replace(/[０-９Ｘ]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)),
          `1970-01-0${i + 1}`,
        ],
        [`王芳${'甲乙丙丁戊'[i]}`, null, family.spouse.birthDate.stored],
      ]),
    );
    expect(members.every((m) => !/[\s０-９]/.test(String(m.id_number ?? '')))).toBe(true);

    // The imports stored exactly the same rows.
    for (const runtime of [viaXlsx, viaCsv]) {
      expect(stored(runtime, 'households')).toEqual(households);
      expect(stored(runtime, 'members')).toEqual(members);
      expect(stored(runtime, 'household_risks')).toEqual(stored(api, 'household_risks'));
      expect(stored(runtime, 'household_risks')).toHaveLength(10);
    }
  });

  it('workers and their roles: the API and an .xlsx store the same values', async () => {
    const workers = [
      { name: ' 周  八 ', phone: '139 1234 0001', grid: 4, gridText: '一组', start: DATES[1]! },
      {
        name: 'Anna  Ho',
        phone: fullWidth('13912340002'),
        grid: 5,
        gridText: '二组',
        start: DATES[3]!,
      },
      { name: '吴\u3000九', phone: '0871-1234567', grid: 4, gridText: '一组', start: DATES[4]! },
    ];
    const api = await village();
    for (const [i, w] of workers.entries()) {
      const worker = await call<{ id: number }>(api.ctx, 'workers.create', {
        name: w.name,
        sex: '男',
        phone: w.phone,
      });
      await call(api.ctx, 'roles.assign', {
        workerId: worker.id,
        gridId: w.grid,
        role: ['网格员', '网格员', '信息员'][i],
        duties: ' 走访 ',
        startDate: w.start.typed,
      });
    }
    const viaXlsx = await throughImport(
      'workers',
      '网格员.xlsx',
      await xlsx(
        WORKER_SHEET,
        WORKER_COLUMNS,
        workers.map((w, i) => ({
          姓名: w.name,
          性别: '男',
          电话: w.phone,
          网格: w.gridText,
          网格职责: ['网格员', '网格员', '信息员'][i],
          职责说明: ' 走访 ',
          开始日期: w.start.cell,
        })),
      ),
    );
    expect(stored(api, 'workers').map((w) => [w.name, w.phone])).toEqual([
      ['周八', '13912340001'],
      ['Anna Ho', '13912340002'],
      ['吴九', '0871-1234567'],
    ]);
    expect(stored(api, 'worker_roles').map((r) => [r.start_date, r.duties])).toEqual([
      ['2025-12-09', '走访'],
      ['2026-03-15', '走访'],
      ['2023-07-04', '走访'],
    ]);
    expect(stored(viaXlsx, 'workers')).toEqual(stored(api, 'workers'));
    expect(stored(viaXlsx, 'worker_roles')).toEqual(stored(api, 'worker_roles'));
  });

  it('the import templates promise the formats the forms accept, in the same words', async () => {
    const runtime = await village();
    const text = async (kind: 'households' | 'workers') => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await buildTemplate(runtime.ctx, kind)) as unknown as ArrayBuffer);
      const lines: string[] = [];
      workbook.getWorksheet('填写说明')!.eachRow((row) => lines.push(String(row.getCell(1).value)));
      const sheet = workbook.getWorksheet(kind === 'households' ? HOUSEHOLD_SHEET : WORKER_SHEET)!;
      const notes: Record<string, string> = {};
      sheet.getRow(1).eachCell((cell) => {
        const note = cell.note as string | { texts: { text: string }[] } | undefined;
        if (note)
          notes[String(cell.value)] =
            typeof note === 'string' ? note : note.texts.map((t) => t.text).join('');
      });
      return { all: lines.join('\n'), notes };
    };
    const households = await text('households');
    const workers = await text('workers');
    for (const hint of [DATE_FORMS_HINT, PHONE_HINT, NAME_HINT]) {
      expect(households.all).toContain(hint);
      expect(workers.all).toContain(hint);
    }
    expect(households.all).toContain(`身份证号：${ID_NUMBER_HINT}`);
    // The header notes say it where the clerk types.
    expect(households.notes).toMatchObject({
      识别认定日期: `日期可写 ${DATE_FORMS_HINT}`,
      出生日期: `日期可写 ${DATE_FORMS_HINT}`,
      身份证号: ID_NUMBER_HINT,
      联系电话: PHONE_HINT,
    });
    expect(workers.notes.开始日期).toBe(`日期可写 ${DATE_FORMS_HINT}`);
    expect(workers.notes.电话).toContain(PHONE_HINT);

    // And every example the hints give is accepted by the normalizer as promised.
    for (const form of DATE_FORMS_HINT.split(/、| 或 /)) {
      expect(normalizeDate(form)).toEqual({ ok: true, value: '2026-03-01' });
    }
    expect(normalizePhone('138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('0871-1234567')).toBe('0871-1234567');
    expect(normalizeIdNumber('５３２５２９ １９７００１０１ ００１４')).toBe('532529197001010014');
    expect(normalizePersonName('张  三')).toBe('张三');
  });
});
