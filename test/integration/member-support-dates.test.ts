import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { HouseholdDetail, MemberView } from '../../electron/api/roster-types';
import { HOUSEHOLD_COLUMNS } from '../../electron/services/roster-io/columns';
import { exportRoster } from '../../electron/services/roster-io/export';
import { analyseImport, commitImport } from '../../electron/services/roster-io/import';
import { validId } from '../fixtures/people';
import { householdRows, householdXlsx, type Row } from '../fixtures/roster-files';
import { useTestRuntime } from '../fixtures/runtime';
import { callers, GRID, VILLAGE } from '../fixtures/village';

/**
 * The dates 低保 and 特困供养 were granted (members.minimum_living_since / extreme_poverty_since,
 * docs/domain.md §2 and §9): saved with the member, audited, exported and imported in the
 * optional columns 低保享受起始日期 / 特困供养起始日期; files without those columns still import.
 */
describe('低保 / 特困供养 granted dates', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);
  const stored = () =>
    ctx()
      .sqlite.prepare(
        `SELECT name, minimum_living AS living, minimum_living_since AS livingSince,
                extreme_poverty AS poverty, extreme_poverty_since AS povertySince
         FROM members ORDER BY id`,
      )
      .all();

  async function household() {
    await call('setup.createVillage', VILLAGE);
    return call<HouseholdDetail>('households.create', {
      gridId: GRID.group1,
      householdType: '一般农户',
      phone: '13912345678',
      address: '一组1号',
      members: [
        {
          name: '张三',
          sex: '男',
          idNumber: validId('19500101', '011', '532530'),
          relation: '本人',
          minimumLiving: true,
          minimumLivingSince: '2026-03-01',
        },
      ],
    });
  }

  it('saves the date with its flag, audits a change, and refuses a date without the flag', async () => {
    const created = await household();
    const member = created.members[0]!;
    expect(member).toMatchObject({
      minimumLiving: true,
      minimumLivingSince: '2026-03-01',
      extremePovertySince: null,
    });
    const refused = await fail('members.update', {
      id: member.id,
      keepIdNumber: true,
      name: '张三',
      relation: '本人',
      sex: '男',
      extremePovertySince: '2026-04-01',
    });
    expect(refused.message).toContain('没有勾选「特困供养」，不能填写特困供养起始日期');
    const updated = await call<MemberView>('members.update', {
      id: member.id,
      keepIdNumber: true,
      name: '张三',
      relation: '本人',
      sex: '男',
      minimumLiving: true,
      minimumLivingSince: '2026-03-01',
      extremePoverty: true,
      extremePovertySince: '2026-04-01',
    });
    expect(updated).toMatchObject({ extremePoverty: true, extremePovertySince: '2026-04-01' });
    const audit = ctx()
      .sqlite.prepare(
        `SELECT after FROM audit_log WHERE entity = 'member' AND action = 'update' ORDER BY id DESC LIMIT 1`,
      )
      .get() as { after: string };
    expect(JSON.parse(audit.after)).toMatchObject({ extremePovertySince: '2026-04-01' });
    // Unticking the flag takes its date away: none is stored without the flag.
    await call('members.update', {
      id: member.id,
      keepIdNumber: true,
      name: '张三',
      relation: '本人',
      sex: '男',
      extremePoverty: true,
      extremePovertySince: '2026-04-01',
    });
    expect(stored()).toEqual([
      { name: '张三', living: 0, livingSince: null, poverty: 1, povertySince: '2026-04-01' },
    ]);
  });

  it('exports the dates in their columns and reads them back; old files without them import', async () => {
    await household();
    const { buffer } = await exportRoster(ctx(), {});
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('农户与成员')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const cell = (name: string) => sheet.getRow(2).getCell(header.indexOf(name) + 1).value;
    expect(header.indexOf('低保享受起始日期')).toBe(header.indexOf('低保') + 1);
    expect(header.indexOf('特困供养起始日期')).toBe(header.indexOf('特困供养') + 1);
    expect(cell('低保享受起始日期')).toBe('2026-03-01');
    expect(cell('特困供养起始日期')).toBeNull();

    // A new file with the dates (typed in another common form).
    const rows: Row[] = householdRows('二组', 7);
    rows[0]!['低保'] = '是';
    rows[0]!['低保享受起始日期'] = '2025.11.5';
    rows[1]!['特困供养'] = '是';
    rows[1]!['特困供养起始日期'] = '2026-01-20';
    const fresh = await analyseImport(ctx(), 'households', '新.xlsx', await householdXlsx(rows));
    expect(fresh.preview).toMatchObject({ problemCount: 0, creates: 1 });
    commitImport(ctx(), fresh, false);
    expect(stored().slice(1)).toEqual([
      { name: '张7', living: 1, livingSince: '2025-11-05', poverty: 0, povertySince: null },
      expect.objectContaining({
        living: 0,
        livingSince: null,
        poverty: 1,
        povertySince: '2026-01-20',
      }),
    ]);

    // An old file: the template's columns before these two existed.
    const old = new ExcelJS.Workbook();
    const oldSheet = old.addWorksheet('农户与成员');
    const oldColumns = HOUSEHOLD_COLUMNS.filter((c) => !c.header.endsWith('起始日期'));
    oldSheet.addRow(oldColumns.map((c) => c.header));
    const oldRows = householdRows('二组', 8);
    oldRows[0]!['低保'] = '是';
    for (const row of oldRows) oldSheet.addRow(oldColumns.map((c) => row[c.header] ?? null));
    const oldBuffer = Buffer.from(await old.xlsx.writeBuffer());
    const analysed = await analyseImport(ctx(), 'households', '旧.xlsx', oldBuffer);
    expect(analysed.preview).toMatchObject({ problemCount: 0, creates: 1 });
    commitImport(ctx(), analysed, false);
    expect(stored().at(-2)).toEqual({
      name: '张8',
      living: 1,
      livingSince: null,
      poverty: 0,
      povertySince: null,
    });
  });
});
