import { desc, eq } from 'drizzle-orm';
import { bulletins, type BulletinRow } from '../../../../db/schema';
import { AppError } from '../../../api/errors';
import type {
  Bulletin,
  BulletinSections,
  BulletinSummary,
  TownshipMonthly,
  TownshipMonthlyRow,
} from '../../../api/township-outputs-types';
import { audit } from '../../audit/audit';
import { inTransaction, type ServiceContext } from '../../context';
import { monthLabel } from '../../reports/periods';
import { today } from '../../roster/people';
import { issuedMark, raiseIssued } from '../../sequences/issued';
import { assertRollUp, workspaceOf } from '../workspace';
import { townshipMonthly } from './monthly';

/**
 * The written 通报 of the 月通报 across villages (docs/domain.md §11): a draft with text for
 * 基本情况 / 存在问题 / 下步工作 made from the month's figures, which the clerk edits; issuing gives
 * it 〔年〕第N号, the next of its year, in one transaction, never reused; after that its text
 * is fixed, and so are its tables: the figures of the moment it was issued are kept with it
 * (a newer package loaded later must not change a document already sent out). A draft's
 * tables are computed from the loaded packages when printed.
 */

export const bulletinNumber = (year: number, n: number) => `〔${year}〕第${n}号`;

/** The default title: 「XX镇防返贫动态监测网格化管理工作通报」. */
export const bulletinTitle = (place: string) => `${place}防返贫动态监测网格化管理工作通报`;

/**
 * The mark outside the database that keeps an issued number from coming back after a restore
 * of an older backup (sequences/issued.ts); the bulletins share the notices' file under their
 * own key, so they never meet a notice's year.
 */
const markKey = (year: number) => `bulletin|${year}`;

function summaryOf(row: BulletinRow): BulletinSummary {
  return {
    id: row.id,
    month: row.month,
    title: row.title,
    number: row.year !== null && row.number !== null ? bulletinNumber(row.year, row.number) : null,
    issuedAt: row.issuedAt,
    issuedBy: row.issuedBy,
    updatedAt: row.updatedAt,
  };
}

function sectionsOf(text: string): BulletinSections {
  try {
    const value = JSON.parse(text) as Partial<BulletinSections>;
    return {
      basic: typeof value.basic === 'string' ? value.basic : '',
      problems: typeof value.problems === 'string' ? value.problems : '',
      nextSteps: typeof value.nextSteps === 'string' ? value.nextSteps : '',
    };
  } catch {
    return { basic: '', problems: '', nextSteps: '' };
  }
}

/**
 * The 月通报 across villages as it was when the 通报 was issued (kept in its sections JSON under
 * `figures`), or null for a draft.
 */
export function issuedFigures(ctx: ServiceContext, id: number): TownshipMonthly | null {
  const row = rowOf(ctx, id);
  if (row.number === null) return null;
  try {
    const value = JSON.parse(row.sections) as { figures?: TownshipMonthly };
    return value.figures ?? null;
  } catch {
    return null;
  }
}

const toBulletin = (row: BulletinRow): Bulletin => ({
  ...summaryOf(row),
  sections: sectionsOf(row.sections),
});

function rowOf(ctx: ServiceContext, id: number): BulletinRow {
  const row = ctx.db.select().from(bulletins).where(eq(bulletins.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `第 ${id} 号通报不存在，可能已被删除`);
  return row;
}

export function listBulletins(ctx: ServiceContext): BulletinSummary[] {
  assertRollUp(ctx, '乡镇通报');
  return ctx.db
    .select()
    .from(bulletins)
    .orderBy(desc(bulletins.month), desc(bulletins.id))
    .all()
    .map(summaryOf);
}

export function getBulletin(ctx: ServiceContext, id: number): Bulletin {
  assertRollUp(ctx, '乡镇通报');
  return toBulletin(rowOf(ctx, id));
}

// ---------------------------------------------------------------------------------------------
// The text made from the figures

const names = (rows: readonly TownshipMonthlyRow[], max = 3) =>
  rows
    .slice(0, max)
    .map((r) => r.village)
    .join('、');

/** The three sections as the figures tell them; the clerk edits every word before issuing. */
export function draftSections(m: TownshipMonthly): BulletinSections {
  const t = m.total.figures;
  const byId = new Map(m.rows.map((r) => [r.villageId, r]));
  const ranked = (order: number[]) => order.map((id) => byId.get(id)!);
  const byResolved = ranked(m.byResolved).filter((r) => r.rates.resolved.percent !== null);
  const byVisits = ranked(m.byVisits).filter((r) => r.rates.visits.percent !== null);

  const basic = [
    `${monthLabel(m.month)}，全${m.kind === 'county' ? '县' : '镇'}已有 ${m.rows.length} 个村上报数据。纳入网格管理的农户 ${t.households} 户、${t.members} 人；监测对象 ${t.monitored} 户，其中已消除风险 ${t.eliminated} 户、未消除风险 ${t.notEliminated} 户，本月新识别 ${t.newInMonth} 户、消除风险 ${t.eliminatedInMonth} 户。`,
    `本月登记问题 ${t.problemsRegistered} 件、办结 ${t.problemsResolved} 件；年度累计登记 ${t.yearRegistered} 件、办结 ${t.yearResolved} 件，办结率 ${m.total.rates.resolved.text}。应走访 ${t.visitsDue} 户，已走访 ${t.visitsDone} 户，走访完成率 ${m.total.rates.visits.text}。帮扶措施计划 ${t.measuresPlanned} 项、已完成 ${t.measuresDone} 项，完成率 ${m.total.rates.measures.text}。`,
    byResolved.length > 0
      ? `问题办结率排名靠前的是${names(byResolved)}；走访完成率排名靠前的是${names(byVisits) || '—'}。`
      : '',
  ]
    .filter(Boolean)
    .join('\n');

  const problems: string[] = [];
  const ordinal = ['一', '二', '三', '四'];
  const add = (text: string) =>
    problems.push(`${ordinal[problems.length] ?? problems.length + 1}是${text}`);
  const overdueVillages = [...m.rows]
    .filter((r) => r.figures.problemsOverdue > 0)
    .sort((a, b) => b.figures.problemsOverdue - a.figures.problemsOverdue);
  if (t.problemsOpen > 0) {
    add(
      `问题办结不够及时。月末仍有 ${t.problemsOpen} 件问题未办结，其中 ${t.problemsOverdue} 件超过办结时限${
        overdueVillages.length > 0
          ? `，主要在${overdueVillages
              .slice(0, 3)
              .map((r) => `${r.village}（${r.figures.problemsOverdue} 件）`)
              .join('、')}`
          : ''
      }。`,
    );
  }
  const visitLate = [...m.rows]
    .filter((r) => r.figures.visitsOverdue > 0)
    .sort((a, b) => b.figures.visitsOverdue - a.figures.visitsOverdue);
  if (t.visitsOverdue > 0) {
    add(
      `走访不到位。${t.visitsOverdue} 户逾期未走访，主要在${visitLate
        .slice(0, 3)
        .map((r) => `${r.village}（${r.figures.visitsOverdue} 户）`)
        .join('、')}。`,
    );
  }
  const lowResolved = byResolved.slice(-2).filter((r) => (r.rates.resolved.percent ?? 100) < 90);
  if (lowResolved.length > 0) {
    add(
      `部分村办结率偏低：${lowResolved.map((r) => `${r.village}办结率 ${r.rates.resolved.text}`).join('，')}。`,
    );
  }
  if (m.otherPeriods.length > 0) {
    add(
      `上报不及时：${m.otherPeriods
        .slice(0, 5)
        .map((p) => `${p.village}（上报至 ${p.period}）`)
        .join('、')}未上报本月数据。`,
    );
  }
  if (problems.length === 0) problems.push('本月各村未发现突出问题。');

  const nextSteps = [
    '一是限期办结问题。各村对未办结、超过办结时限的问题逐件明确责任人和办结时限，本月底前办结或说明原因。',
    '二是补齐走访。逾期未走访的农户由网格员在 5 个工作日内完成走访，风险户必须入户。',
    '三是按时上报。各村于每月 5 日前上报上月数据包，确保台账与上报数据一致。',
  ].join('\n');

  return { basic, problems: problems.join('\n'), nextSteps };
}

// ---------------------------------------------------------------------------------------------
// Draft, edit, issue

export function createBulletin(ctx: ServiceContext, input: { month: string }): Bulletin {
  assertRollUp(ctx, '乡镇通报');
  const monthly = townshipMonthly(ctx, input);
  const sections = draftSections(monthly);
  const title = bulletinTitle(workspaceOf(ctx).name);
  return inTransaction(ctx, () => {
    const row = ctx.db
      .insert(bulletins)
      .values({ month: input.month, title, sections: JSON.stringify(sections) })
      .returning()
      .get();
    audit(ctx, {
      entity: 'bulletin',
      entityId: row.id,
      action: 'create',
      after: { month: row.month, title },
    });
    return toBulletin(row);
  });
}

export function saveBulletin(
  ctx: ServiceContext,
  input: { id: number; title: string; sections: BulletinSections },
): Bulletin {
  assertRollUp(ctx, '乡镇通报');
  return inTransaction(ctx, () => {
    const before = rowOf(ctx, input.id);
    if (before.number !== null) {
      throw new AppError(
        'CONFLICT',
        `通报${bulletinNumber(before.year!, before.number)}已经印发，内容不能再修改。`,
      );
    }
    const row = ctx.db
      .update(bulletins)
      .set({
        title: input.title,
        sections: JSON.stringify(input.sections),
        updatedAt: ctx.now().toISOString(),
      })
      .where(eq(bulletins.id, input.id))
      .returning()
      .get()!;
    audit(ctx, {
      entity: 'bulletin',
      entityId: row.id,
      action: 'update',
      before: { title: before.title, ...sectionsOf(before.sections) },
      after: { title: row.title, ...input.sections },
    });
    return toBulletin(row);
  });
}

/** The next number of a year: above every number issued, in the database or the mark outside. */
function nextNumber(ctx: ServiceContext, year: number): number {
  const row = ctx.sqlite
    .prepare('SELECT COALESCE(MAX(number), 0) AS n FROM bulletins WHERE year = ?')
    .get(year) as { n: number };
  return Math.max(row.n, issuedMark(ctx.dataDir, 'notice', markKey(year))) + 1;
}

export function issueBulletin(ctx: ServiceContext, input: { id: number }): Bulletin {
  assertRollUp(ctx, '乡镇通报');
  return inTransaction(ctx, () => {
    const before = rowOf(ctx, input.id);
    if (before.number !== null) {
      throw new AppError(
        'CONFLICT',
        `这份通报已经印发，编号${bulletinNumber(before.year!, before.number)}，不能再次印发。`,
      );
    }
    const sections = sectionsOf(before.sections);
    const empty = (['basic', 'problems', 'nextSteps'] as const).find((k) => !sections[k].trim());
    if (empty) {
      const label = { basic: '基本情况', problems: '存在问题', nextSteps: '下步工作' }[empty];
      throw new AppError('VALIDATION', `「${label}」还没有内容，请填写后再印发。`, [
        { path: ['sections', empty], message: `请填写${label}` },
      ]);
    }
    const day = today(ctx);
    const year = Number(day.slice(0, 4));
    const number = nextNumber(ctx, year);
    // The tables as issued travel with the text from now on (see above).
    const figures = townshipMonthly(ctx, { month: before.month });
    const row = ctx.db
      .update(bulletins)
      .set({
        sections: JSON.stringify({ ...sections, figures }),
        year,
        number,
        issuedAt: day,
        issuedBy: ctx.operator,
        updatedAt: ctx.now().toISOString(),
      })
      .where(eq(bulletins.id, input.id))
      .returning()
      .get()!;
    audit(ctx, {
      entity: 'bulletin',
      entityId: row.id,
      action: 'issue',
      after: {
        number: bulletinNumber(year, number),
        month: row.month,
        title: row.title,
        issuedAt: day,
      },
    });
    // Raised before the commit: a crash in between leaves a gap, never a number given twice.
    raiseIssued(ctx.dataDir, 'notice', markKey(year), number);
    return toBulletin(row);
  });
}
