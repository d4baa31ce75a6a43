import ExcelJS from 'exceljs';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { idCheckChar, maskIdNumber } from '../../electron/api/id-number';
import type { SearchHit } from '../../electron/api/roster-types';
import type { ServiceContext } from '../../electron/services/context';
import { AppSession } from '../../electron/services/session';
import { FIXED_NOW, openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { householdInput, validId } from '../fixtures/people';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { call, failure, GRID, VILLAGE } from '../fixtures/village';

/**
 * Issue 14 item 1: masking that cannot be undone. Each attack is run first as the attacker
 * would, then shown to fail.
 */

// ── the ID rebuild attack ───────────────────────────────────────────────────────────────────

const MASKED_ID = /(?<![0-9])(\d{6})\*{8}([\dX]{4})/g;
// Every way a birth date could sit in an answer: 1957-04-20, 19570420, 1957/4/20, 1957年4月20日.
const DATE_FORMS = [
  /(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)/g,
  /(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)/g,
  /(?<!\d)((?:19|20)\d{2})\/(\d{1,2})\/(\d{1,2})(?!\d)/g,
  /((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日/g,
];

/**
 * What the attacker did with households.get: for each record showing a masked ID (the object
 * that holds it: a member, a list row, a search hit, an audit snapshot), put every date found
 * in that record into the hidden 8 digits and keep the numbers whose check character fits.
 * `known` (the real IDs) only counts the successes. (Per record, not per whole answer: a
 * household's grid start date may fall on a child's birthday by chance, which says nothing.)
 */
function rebuildIds(answer: unknown, known: Set<string>, rebuilt = new Set<string>()): string[] {
  if (Array.isArray(answer)) answer.forEach((item) => rebuildIds(item, known, rebuilt));
  else if (typeof answer === 'object' && answer !== null) {
    const values = Object.values(answer as Record<string, unknown>);
    const masks = values.flatMap((value) =>
      typeof value === 'string' ? [...value.matchAll(MASKED_ID)] : [],
    );
    if (masks.length > 0) {
      const text = JSON.stringify(answer);
      const dates = new Set<string>();
      for (const form of DATE_FORMS) {
        for (const m of text.matchAll(form)) {
          dates.add(`${m[1]}${m[2]!.padStart(2, '0')}${m[3]!.padStart(2, '0')}`);
        }
      }
      for (const m of masks) {
        for (const date of dates) {
          const candidate = `${m[1]}${date}${m[2]}`;
          if (idCheckChar(candidate.slice(0, 17)) === candidate[17] && known.has(candidate)) {
            rebuilt.add(candidate);
          }
        }
      }
    }
    values.forEach((value) => rebuildIds(value, known, rebuilt));
  }
  return [...rebuilt];
}

/** Objects that show a masked ID and carry a full birth date beside it. */
function birthDatesBesideMasks(answer: unknown, where: string, found: string[] = []): string[] {
  if (Array.isArray(answer)) answer.forEach((item) => birthDatesBesideMasks(item, where, found));
  else if (typeof answer === 'object' && answer !== null) {
    const fields = answer as Record<string, unknown>;
    const masked = Object.values(fields).some(
      (value) => typeof value === 'string' && /\d{6}\*{8}/.test(value),
    );
    if (masked && typeof fields.birthDate === 'string' && fields.birthDate !== '') {
      found.push(`${where}: ${JSON.stringify(fields).slice(0, 120)}`);
    }
    Object.values(fields).forEach((value) => birthDatesBesideMasks(value, where, found));
  }
  return found;
}

describe('a masked ID cannot be completed from any roster answer (village demo)', () => {
  let runtime: TestRuntime;
  let known: Set<string>;
  const ctx = () => runtime.ctx;
  const answers: { method: string; input: unknown; result: unknown }[] = [];
  const ask = async <T = unknown>(method: string, input: unknown): Promise<T> => {
    const result = await call<T>(ctx(), method, input);
    answers.push({ method, input, result });
    return result;
  };

  beforeAll(async () => {
    runtime = await openTestRuntime();
    await call(ctx(), 'demo.seed', { size: 'village', seed: 1 });
    known = new Set(
      (
        ctx().sqlite.prepare('SELECT id_key AS id FROM members WHERE id_key IS NOT NULL').all() as {
          id: string;
        }[]
      ).map((r) => r.id),
    );
  }, 120_000);
  afterAll(() => runtime?.cleanup());

  it('the attack works on an answer of the old shape (masked ID beside the birth date)', () => {
    // Reproduced first: the members as households.get used to send them.
    const rows = ctx()
      .sqlite.prepare(
        'SELECT id_number AS idNumber, birth_date AS birthDate FROM members WHERE id_number IS NOT NULL LIMIT 200',
      )
      .all() as { idNumber: string; birthDate: string }[];
    const oldShape = rows.map((r) => ({
      idMasked: maskIdNumber(r.idNumber),
      birthDate: r.birthDate,
    }));
    expect(rebuildIds(oldShape, known)).toHaveLength(rows.length);
    expect(birthDatesBesideMasks(oldShape, 'old')).toHaveLength(rows.length);
  });

  it('no read of the roster, search, audit trail, ledger or visits gives one back', async () => {
    expect(known.size).toBeGreaterThan(1000);
    const list = await ask<{ rows: { id: number }[]; total: number }>('households.list', {});
    expect(list.rows.length).toBe(list.total);
    for (const { id } of list.rows) await ask('households.get', { id });
    await ask('households.list', { monitorOnly: true });

    const names = ctx()
      .sqlite.prepare('SELECT DISTINCT name FROM members ORDER BY id LIMIT 40')
      .all() as { name: string }[];
    for (const { name } of names) await ask('roster.search', { query: name, limit: 100 });
    for (const query of ['z', 'w', 'l', 'zs', 'wf']) {
      await ask('roster.search', { query, limit: 100 });
    }
    const sample = [...known].slice(0, 10);
    for (const id of sample) await ask('roster.search', { query: id.slice(-4), limit: 100 });
    for (const id of sample.slice(0, 5)) await ask('roster.search', { query: id, limit: 100 });

    const grids = ctx().sqlite.prepare('SELECT id FROM grids').all() as { id: number }[];
    for (const { id } of grids) await ask('grids.detail', { id });
    for (const { id } of grids) await ask('workers.forGrid', { gridId: id });
    for (const query of ['w', '王', 'l']) await ask('workers.list', { query });
    const workers = (await ask<{ rows: { id: number }[] }>('workers.list', {})).rows;
    for (const { id } of workers.slice(0, 10)) await ask('workers.get', { id });

    // A member edited and added: the answers are member views too.
    const member = ctx()
      .sqlite.prepare(
        `SELECT id, household_id AS householdId, name, relation, sex FROM members
         WHERE id_number IS NOT NULL AND relation != '本人' LIMIT 1`,
      )
      .get() as { id: number; householdId: number; name: string; relation: string; sex: string };
    await ask('members.update', {
      id: member.id,
      name: member.name,
      relation: member.relation,
      sex: member.sex,
      keepIdNumber: true,
      // A guess at the hidden birth date: kept or not, the answer must not tell.
      birthDate: '1980-01-01',
    });
    await ask('members.add', {
      householdId: member.householdId,
      name: '新成员',
      relation: '孙子女',
      idNumber: validId('20150607', '013'),
    });

    for (const entity of ['member', 'household']) {
      await ask('audit.list', { entity, limit: 1000 });
    }
    await ask('audit.list', { limit: 1000 });
    for (const { id } of list.rows.slice(0, 30)) {
      await ask('audit.history', { entity: 'household', entityId: id, limit: 500 });
    }
    await ask('audit.history', { limit: 500 });
    const problems = await ask<{ rows: { id: number }[] }>('problems.list', { limit: 200 });
    for (const { id } of problems.rows.slice(0, 20)) await ask('problems.get', { id });
    await ask('visits.list', { limit: 200 });
    await ask('meetings.list', {});
    await ask('notices.list', {});

    const masksSeen = answers.reduce(
      (n, a) => n + [...JSON.stringify(a.result).matchAll(MASKED_ID)].length,
      0,
    );
    expect(masksSeen).toBeGreaterThan(known.size);
    const rebuilt = answers.flatMap((a) =>
      rebuildIds(a.result, known).map((id) => `${a.method} ${JSON.stringify(a.input)}: ${id}`),
    );
    expect(rebuilt).toEqual([]);
    const beside = answers.flatMap((a) => birthDatesBesideMasks(a.result, a.method));
    expect(beside).toEqual([]);
    // The guessed birth date changed nothing: the stored ID's own date stays.
    const stored = ctx()
      .sqlite.prepare('SELECT birth_date AS b, id_key AS id FROM members WHERE id = ?')
      .get(member.id) as { b: string; id: string };
    expect(stored.b.replaceAll('-', '')).toBe(stored.id.slice(6, 14));
  }, 300_000);
});

// ── the phone probing attack and the rate limit ────────────────────────────────────────────

/** A runtime whose clock the test moves. */
async function runtimeWithClock() {
  const temp = makeTempDir();
  let now = FIXED_NOW.getTime();
  const session = await new AppSession({
    dataDir: temp.dir,
    migrationsFolder: MIGRATIONS_FOLDER,
    operator: '测试员',
    now: () => new Date(now),
  }).open();
  return {
    ctx: (): ServiceContext => session.ctx,
    advance: (ms: number) => {
      now += ms;
    },
    cleanup: () => {
      session.close();
      temp.cleanup();
    },
  };
}

const PHONE = '15767795596';
const HEAD_ID = validId('19570420', '435');

describe('search by number: the last 4 or the whole number, audited, limited per minute', () => {
  let rt: Awaited<ReturnType<typeof runtimeWithClock>>;
  afterEach(() => rt?.cleanup());

  async function village() {
    rt = await runtimeWithClock();
    await call(rt.ctx(), 'setup.createVillage', VILLAGE);
    const input = householdInput(GRID.group1, 1, { phone: PHONE });
    input.members[0]!.idNumber = HEAD_ID;
    const household = await call<{ id: number; phoneMasked: string }>(
      rt.ctx(),
      'households.create',
      input,
    );
    expect(household.phoneMasked).toBe('157****5596');
    return household;
  }
  const search = (query: string) =>
    call<SearchHit[]>(rt.ctx(), 'roster.search', { query, limit: 100 });
  const searchRows = () =>
    rt
      .ctx()
      .sqlite.prepare(
        `SELECT action, after FROM audit_log WHERE entity = 'roster_search' ORDER BY id`,
      )
      .all() as { action: string; after: string }[];

  it('the digit-by-digit probe of a masked phone gets nothing past the last 4', async () => {
    await village();
    // The attack: the mask shows 157****5596; try one more digit in front of the tail each
    // time and keep the one that still finds the household.
    let tail = '5596';
    let calls = 0;
    const refused: string[] = [];
    while (tail.length < 11) {
      let next: string | null = null;
      for (let d = 0; d <= 9 && next === null; d++) {
        calls++;
        const result = await dispatchSearch(`${d}${tail}`);
        if (!result.ok) refused.push(result.message);
        else if (result.hits.some((h) => h.matchedBy === '电话')) next = `${d}${tail}`;
      }
      if (next === null) break;
      tail = next;
      rt.advance(61_000);
    }
    expect(tail).toBe('5596');
    expect(calls).toBe(10);
    expect(new Set(refused)).toEqual(
      new Set(['按号码查找请输入身份证号或电话的后 4 位，或完整号码']),
    );
    // The same for the ID: its hidden middle is not probed from the tail either.
    for (const length of [5, 8, 12, 14, 17]) {
      const result = await dispatchSearch(HEAD_ID.slice(-length));
      expect(result.ok, `${length}`).toBe(false);
    }
    // A refused shape reads nothing, so it is not a search on the record.
    expect(searchRows()).toEqual([]);
  });

  async function dispatchSearch(query: string) {
    const result = await import('../../electron/services/dispatch').then((m) =>
      m.dispatch(rt.ctx(), 'roster.search', { query, limit: 100 }),
    );
    return result.ok
      ? { ok: true as const, hits: result.result as SearchHit[] }
      : { ok: false as const, message: result.error.message, code: result.error.code };
  }

  it('finds by the last 4 and by the whole number however it is written', async () => {
    await village();
    expect((await search('5596')).map((h) => [h.name, h.matchedBy])).toEqual([['张三', '电话']]);
    expect((await search(HEAD_ID.slice(-4))).map((h) => h.matchedBy)).toContain('身份证号');
    for (const whole of [PHONE, '157－6779－5596', '157 6779 5596', '１５７６７７９５５９６']) {
      expect(
        (await search(whole)).map((h) => h.name),
        whole,
      ).toEqual(['张三']);
    }
    for (const whole of [
      HEAD_ID,
      `${HEAD_ID.slice(0, 6)} ${HEAD_ID.slice(6, 14)} ${HEAD_ID.slice(14)}`,
    ]) {
      expect(
        (await search(whole)).map((h) => [h.name, h.matchedBy]),
        whole,
      ).toEqual([['张三', '身份证号']]);
    }
    // A wrong whole number finds nobody (and is on the record like the others).
    expect(await search('15767795597')).toEqual([]);

    // Each search is audited with the number masked: never the typed digits beyond the tail.
    const rows = searchRows();
    expect(rows).toHaveLength(9);
    expect(rows.every((r) => r.action === 'digit-search')).toBe(true);
    const trail = rows.map((r) => r.after).join('\n');
    expect(trail).not.toContain('67795596');
    expect(trail).not.toContain('19570420');
    expect(JSON.parse(rows[0]!.after)).toMatchObject({ query: '…5596', hits: 1 });
    expect(JSON.parse(rows[2]!.after)).toMatchObject({ query: '157****5596', hits: 1 });
    expect(JSON.parse(rows[6]!.after).query).toBe(maskIdNumber(HEAD_ID));
    // 操作记录 names it in Chinese, with who was found.
    const history = await call<{
      entries: {
        subject: string;
        actionLabel: string;
        changes: { label: string; after: string }[];
      }[];
    }>(rt.ctx(), 'audit.history', { limit: 20 });
    const searches = history.entries.filter((e) => e.subject === '按号码查找');
    expect(searches).toHaveLength(9);
    expect(searches.every((e) => e.actionLabel === '查找')).toBe(true);
    expect(searches.at(-1)!.changes.map((c) => [c.label, c.after])).toEqual([
      ['查找的号码', '…5596'],
      ['找到人数', '1'],
      ['找到的成员', '张三'],
    ]);
  });

  it('refuses number searches past the limit in a minute, in Chinese, and names still work', async () => {
    await village();
    for (let i = 0; i < 30; i++) await search('5596');
    const refused = await dispatchSearch('5596');
    expect(refused).toMatchObject({ ok: false, code: 'BUSY' });
    expect(refused.ok ? '' : refused.message).toContain('一分钟内按号码查找已达 30 次');
    // Refusing gives no hits for a whole number either, and is itself recorded.
    expect(await dispatchSearch(PHONE)).toMatchObject({ ok: false, code: 'BUSY' });
    expect(searchRows().filter((r) => r.action === 'digit-search-refused')).toHaveLength(2);
    expect((await search('张三')).map((h) => h.name)).toEqual(['张三']);
    // A minute later the clerk may search again.
    rt.advance(61_000);
    expect((await search('5596')).length).toBe(1);

    // The limit is a setting.
    await call(rt.ctx(), 'settings.update', { digitSearchesPerMinute: 2 });
    rt.advance(61_000);
    await search('5596');
    await search('5596');
    expect(await dispatchSearch('5596')).toMatchObject({ ok: false, code: 'BUSY' });
    const bad = await failure(rt.ctx(), 'settings.update', { digitSearchesPerMinute: 0 });
    expect(bad.message).toContain('每分钟按号码查找至少 1 次');
  });
});

// ── free text in the audit trail and the ledger ─────────────────────────────────────────────

describe('free text: masked in the audit trail, kept whole in the internal ledger', () => {
  let runtime: TestRuntime;
  const ctx = () => runtime.ctx;
  afterEach(() => runtime?.cleanup());

  const ID = validId('19570420', '435');
  // As clerks type them: grouped, with full-width dashes, dots and full-width digits.
  const WRITTEN_ID = `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`;
  const TEXT = `户主身份证 ${WRITTEN_ID}，儿子电话 157－6779－5596，女儿 157.6779.5597，邻居 １５７６７７９５５９８`;
  const SECRETS = [ID, '19570420', '67795596', '67795597', '67795598'];

  /** Every digit run in a text, separators and full-width digits undone. */
  const digitsOf = (text: string) =>
    text
      .replace(/[\uFF10-\uFF19]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
      .replace(/[\s\-－.．]/g, '');

  it('keeps no ID or phone of a description, step, measure, visit, minutes or note in the trail', async () => {
    runtime = await openTestRuntime();
    await call(ctx(), 'setup.createVillage', VILLAGE);
    const household = await call<{ id: number }>(
      ctx(),
      'households.create',
      householdInput(GRID.group1, 1, { note: TEXT }),
    );
    const worker = await call<{ id: number }>(ctx(), 'workers.create', {
      name: '王网格',
      sex: '男',
      note: TEXT,
    });
    const problem = await call<{ id: number }>(ctx(), 'problems.create', {
      workerId: worker.id,
      householdId: household.id,
      category: '医疗',
      source: '网格员排查',
      description: TEXT,
      registeredDate: '2026-05-01',
      note: TEXT,
    });
    await call(ctx(), 'problems.saveStep', {
      problemId: problem.id,
      step: '核实评议',
      date: '2026-05-02',
      person: '钱干部',
      outcome: TEXT,
    });
    await call(ctx(), 'measures.save', {
      householdId: household.id,
      category: '就业',
      content: TEXT,
      status: '计划',
    });
    await call(ctx(), 'visits.create', {
      householdId: household.id,
      workerId: worker.id,
      date: '2026-05-03',
      way: '入户',
      findings: TEXT,
    });
    await call(ctx(), 'meetings.save', {
      gridId: GRID.village,
      date: '2026-05-04',
      place: '村委会',
      topics: TEXT,
      decisions: TEXT,
    });
    const raw = (
      ctx().sqlite.prepare('SELECT before, after FROM audit_log').all() as {
        before: string | null;
        after: string | null;
      }[]
    )
      .map((r) => `${r.before ?? ''}${r.after ?? ''}`)
      .join('\n');
    // The free text did reach the trail (masked), so the check below looks at something.
    expect(raw).toContain('157****5596');
    expect(raw).toContain(`${ID.slice(0, 6)}********${ID.slice(-4)}`);
    for (const secret of SECRETS) expect(digitsOf(raw), secret).not.toContain(secret);

    // A row written before this rule (the text whole) is shown masked all the same.
    ctx()
      .sqlite.prepare(
        `INSERT INTO audit_log (at, operator, entity, entity_id, action, before, after)
         VALUES (?, '旧版本', 'problem', ?, 'update', NULL, ?)`,
      )
      .run(FIXED_NOW.toISOString(), String(problem.id), JSON.stringify({ description: TEXT }));
    const listed = JSON.stringify(await call(ctx(), 'audit.list', { limit: 1000 }));
    const history = JSON.stringify(await call(ctx(), 'audit.history', { limit: 500 }));
    for (const shown of [listed, history]) {
      for (const secret of SECRETS) expect(digitsOf(shown), secret).not.toContain(secret);
    }
  });

  it('the ledger export keeps the description whole and says it is internal', async () => {
    runtime = await openTestRuntime();
    await call(ctx(), 'setup.createVillage', VILLAGE);
    const household = await call<{ id: number }>(
      ctx(),
      'households.create',
      householdInput(GRID.group1),
    );
    const worker = await call<{ id: number }>(ctx(), 'workers.create', {
      name: '王网格',
      sex: '男',
    });
    await call(ctx(), 'problems.create', {
      workerId: worker.id,
      householdId: household.id,
      category: '医疗',
      source: '网格员排查',
      description: TEXT,
      registeredDate: '2026-05-01',
    });
    const file = await call<{ data: Uint8Array }>(ctx(), 'problems.export', {});
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('问题登记台账')!;
    expect(sheet.getRow(1).getCell(1).value).toBe(
      '内部台账：含身份证号、电话等个人信息，不得公开张贴或外传',
    );
    expect(sheet.getRow(3).getCell(5).value).toBe(TEXT);
    expect(sheet.headerFooter.oddHeader).toContain('内部台账');
  });
});
