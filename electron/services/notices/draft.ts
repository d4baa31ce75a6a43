import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { notices, type NoticeRow } from '../../../db/schema';
import { AppError } from '../../api/errors';
import type { NoticeDraftInput } from '../../api/notices-schemas';
import type {
  NoticeDraft,
  NoticeKind,
  NoticeMeasureText,
  NoticeTable,
} from '../../api/notices-types';
import type { Settings } from '../../api/schemas';
import { chineseDate } from '../../documents/pdf/gbt9704';
import type { ServiceContext } from '../context';
import { addDays } from '../ledger/calendar';
import { today } from '../roster/people';
import { getSettings } from '../settings/settings';
import {
  eliminatedRows,
  gridDivisionRows,
  identifiedRows,
  measureRows,
  noticeScope,
  proposalOutcomes,
  type NoticeScope,
} from './data';
import {
  HEALTH_MEASURE_CATEGORIES,
  HEALTH_MEASURE_TEXT,
  KINDS,
  plainMeasureName,
  RESULT_COLUMN,
  RESULT_SOURCES,
  resultColumns,
  type GridColumn,
  type HouseholdColumn,
  type PublicHouseholdRow,
} from './kinds';
import { earliestEnd, periodRule } from './period';

/**
 * The draft of a notice (notices.draft): default title and body per kind, the issuer, the
 * period, and the rows from the roster, for the clerk to edit before previewing and issuing.
 */

/** Without a range, household notices cover the last 30 days up to today. */
export const DEFAULT_RANGE_DAYS = 30;

/**
 * The 发文字号 as printed (GB/T 9704 §7.2.4, docs/domain.md §4): the issuer's code, the year in
 * 〔〕 and the serial with 号 — 「杨柳村委发〔2026〕3号」, no 「第」; 〔2026〕3号 when the code
 * is blank. The archive's 文号 calls it too.
 */
export const noticeNumber = (year: number, serial: number, issuerCode = ''): string =>
  `${issuerCode.trim()}〔${year}〕${serial}号`;

/**
 * The number as it was printed on an issued notice: kept in its issue record (the audit
 * entry written in the issuing transaction), so a later change of the 发文机关代字 — or the
 * older 〔2026〕第3号 form of notices issued before it — never changes what the list shows.
 * Without such a record: the number with the settings' code.
 */
export function printedNoticeNumber(
  ctx: ServiceContext,
  notice: { id: number; year: number; serial: number },
  code: string,
): string {
  const row = ctx.sqlite
    .prepare(
      `SELECT json_extract(after, '$.number') AS number FROM audit_log
       WHERE entity = 'notice' AND entity_id = ? AND action = 'issue' ORDER BY id LIMIT 1`,
    )
    .get(String(notice.id)) as { number: unknown } | undefined;
  return typeof row?.number === 'string' && row.number
    ? row.number
    : noticeNumber(notice.year, notice.serial, code);
}

/** The number with the settings' 发文机关代字. */
export const settingsNoticeNumber = (settings: Settings, year: number, serial: number) =>
  noticeNumber(year, serial, settings.notices.issuerCode);

/** "<村名>村民委员会": 杨柳村 → 杨柳村村民委员会 (a name without 村 gets it: 杨柳 → 杨柳村…). */
export function defaultIssuer(settings: Settings, scope: NoticeScope): string {
  const village = settings.villageName || scope.villageName || scope.placeName;
  if (!village) return '村民委员会';
  return `${village.endsWith('村') ? village : `${village}村`}村民委员会`;
}

interface SourceNotice {
  row: NoticeRow;
  table: NoticeTable;
  /** As printed on it. */
  number: string;
}

/** A 结果公告's source: the one asked for, or the latest ended 识别认定 / 风险消除 notice. */
function resultSource(
  ctx: ServiceContext,
  input: { sourceNoticeId?: number | undefined; gridId?: number | undefined },
  issueDate: string,
  code: string,
): SourceNotice | null {
  const numbered = (notice: { id: number; year: number; serial: number }) =>
    printedNoticeNumber(ctx, notice, code);
  let row: NoticeRow | undefined;
  if (input.sourceNoticeId !== undefined) {
    row = ctx.db.select().from(notices).where(eq(notices.id, input.sourceNoticeId)).get();
    if (!row) {
      throw new AppError('NOT_FOUND', `找不到编号为 ${input.sourceNoticeId} 的公示，可能已被删除`);
    }
    if (!RESULT_SOURCES.includes(row.kind)) {
      throw new AppError(
        'VALIDATION',
        `结果公告只能针对${RESULT_SOURCES.join('或')}，所选的是${row.kind}`,
      );
    }
    if (row.periodEnd >= issueDate) {
      throw new AppError(
        'VALIDATION',
        `${numbered(row)}公示到 ${chineseDate(row.periodEnd)} 才结束，公示期满后才能发布结果公告`,
      );
    }
    const result = ctx.db.select().from(notices).where(eq(notices.sourceNoticeId, row.id)).get();
    if (result) {
      throw new AppError('CONFLICT', `${numbered(row)}公示已发布过结果公告（${numbered(result)}）`);
    }
  } else {
    row = ctx.db
      .select()
      .from(notices)
      .where(
        and(
          inArray(notices.kind, [...RESULT_SOURCES]),
          lt(notices.periodEnd, issueDate),
          input.gridId === undefined ? undefined : eq(notices.gridId, input.gridId),
          // Only one whose outcome has not been announced yet.
          sql`NOT EXISTS (SELECT 1 FROM notices AS r WHERE r.source_notice_id = ${notices.id})`,
        ),
      )
      .orderBy(desc(notices.periodEnd), desc(notices.id))
      .get();
    if (!row) return null;
  }
  return {
    row,
    table: JSON.parse(row.tableJson) as NoticeTable,
    number: printedNoticeNumber(ctx, row, code),
  };
}

/**
 * The source's rows under the result columns, each with its outcome. Only the allowed columns
 * are taken from the source's stored table (by header), never its 备注. The 结果 follows the
 * decision recorded on each listed household's proposal (docs/domain.md §3): 认定 / 消除 print
 * 确认…, 不予认定 / 不予消除 print so, and a household not decided yet prints 「尚未审定」 for the
 * clerk to remove before issuing — never a 确认 the record does not hold. Rows of old records
 * (listed without a proposal) were decided when recorded.
 */
function resultRows(ctx: ServiceContext, source: SourceNotice): PublicHouseholdRow[] {
  const elimination = source.row.kind === '风险消除公示';
  const columns = resultColumns(source.row.kind).filter((c) => c !== RESULT_COLUMN);
  const confirmed = elimination ? '确认风险消除' : '确认为监测对象';
  const outcomes = proposalOutcomes(
    ctx,
    {
      rootId: source.row.gridId,
      from: source.row.dataFrom ?? source.row.periodStart,
      to: source.row.dataTo ?? source.row.periodStart,
    },
    source.row.periodStart,
    elimination ? '拟消除' : '拟纳入',
  );
  const index = columns.map((c) => source.table.columns.indexOf(c));
  const cell = (row: string[], column: HouseholdColumn) => {
    const i = source.table.columns.indexOf(column);
    return i < 0 ? '' : (row[i] ?? '');
  };
  return source.table.rows.map((row, r) => {
    const outcome = outcomes.get(`${cell(row, '户主姓名')}\u0000${cell(row, '所在组')}`);
    const decided =
      outcome === undefined || !outcome.proposed
        ? outcome === undefined
          ? '尚未审定'
          : confirmed
        : outcome.decision === '认定' || outcome.decision === '消除'
          ? confirmed
          : outcome.decision === '不予认定' || outcome.decision === '不予消除'
            ? outcome.decision
            : '尚未审定';
    const cells: PublicHouseholdRow = { key: `r${r}`, [RESULT_COLUMN]: decided };
    columns.forEach((column, c) => {
      const i = index[c]!;
      cells[column] = i < 0 ? '' : (row[i] ?? '');
    });
    return cells;
  });
}

function titleFor(kind: NoticeKind, place: string, source: SourceNotice | null): string {
  switch (kind) {
    case '网格划分及网格员公示':
      return `${place}防止返贫动态监测网格划分及网格员公示`;
    case '监测对象识别认定公示':
      return `${place}防止返贫监测对象识别认定公示`;
    case '帮扶措施公示':
      return `${place}防止返贫监测对象帮扶措施公示`;
    case '风险消除公示':
      return `${place}防止返贫监测对象风险消除公示`;
    case '结果公告':
      return source?.row.kind === '风险消除公示'
        ? `${place}防止返贫监测对象风险消除结果公告`
        : `${place}防止返贫监测对象识别认定结果公告`;
    case '其他公示':
      return `${place}公示`;
  }
}

function bodyFor(
  kind: NoticeKind,
  facts: { place: string; rows: number; grids: number; from: string; to: string },
  source: SourceNotice | null,
): string {
  const range = `${chineseDate(facts.from)}至${chineseDate(facts.to)}`;
  switch (kind) {
    case '网格划分及网格员公示':
      return (
        `为做好防止返贫动态监测和帮扶工作，按照网格化管理要求，${facts.place}共划分 ${facts.grids} 个网格，` +
        '每个网格明确了网格长和网格员，负责本网格农户的走访排查、信息收集、政策宣传和困难上报。' +
        '现将网格划分及网格员名单公示如下。群众遇到困难，可直接联系本网格网格员，也可拨打 12317 防止返贫监测帮扶热线反映。'
      );
    case '监测对象识别认定公示':
      return (
        '根据防止返贫动态监测和帮扶工作要求，经农户自主申报、网格员排查和部门筛查预警，' +
        `村两委核实评议，拟将以下 ${facts.rows} 户识别认定为防止返贫监测对象，现予以公示。`
      );
    case '帮扶措施公示':
      return (
        `为落实防止返贫监测对象帮扶责任，现将${range}计划和实施的 ${facts.rows} 项帮扶措施公示如下，` +
        '接受群众监督。'
      );
    case '风险消除公示':
      return (
        '根据防止返贫动态监测和帮扶工作要求，经网格员走访核实、村两委评议，' +
        `以下 ${facts.rows} 户监测对象帮扶措施已落实，收入持续稳定，返贫致贫风险已经消除，拟标注为风险消除，现予以公示。`
      );
    case '结果公告': {
      if (!source) return '';
      const what =
        source.row.kind === '风险消除公示' ? '标注风险消除' : '识别认定为防止返贫监测对象';
      return (
        `${facts.place}于${chineseDate(source.row.periodStart)}至${chineseDate(source.row.periodEnd)}` +
        `对拟${what}的 ${source.table.rows.length} 户进行了公示（${source.number}），` +
        '公示期间未收到异议。经乡镇审核、县级审定，现将结果公告如下。'
      );
    }
    case '其他公示':
      return '';
  }
}

/** The rows of a notice, each with its key, and what the clerk may write for measures. */
export interface NoticeRows {
  columns: (HouseholdColumn | GridColumn)[];
  keys: string[];
  rows: string[][];
  measures: NoticeMeasureText[];
  grids: number;
  source: SourceNotice | null;
  notes: string[];
}

/**
 * The rows of a kind, straight from the roster through the kind's allow-list (docs/domain.md
 * §4). `measureTexts`: the public descriptions the clerk wrote, by row key; a health measure
 * prints 「健康帮扶」 or is left off (settings.notices.healthMeasures), whatever was written.
 */
export function noticeRows(
  ctx: ServiceContext,
  input: NoticeDraftInput,
  settings: Settings,
  scope: NoticeScope,
  measureTexts: ReadonlyMap<string, string> = new Map(),
): NoticeRows {
  const todayDate = today(ctx);
  const issueDate = input.issueDate ?? todayDate;
  const to = input.to ?? todayDate;
  const from = input.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const range = { rootId: scope.rootId, from, to };
  const result: NoticeRows = {
    columns: [...KINDS[input.kind].columns],
    keys: [],
    rows: [],
    measures: [],
    grids: 0,
    source: null,
    notes: [],
  };
  const take = (rows: PublicHouseholdRow[]) => {
    for (const row of rows) {
      result.keys.push(row.key);
      result.rows.push(result.columns.map((c) => row[c as HouseholdColumn] ?? ''));
    }
  };
  switch (input.kind) {
    case '网格划分及网格员公示': {
      const division = gridDivisionRows(ctx, scope.rootId, todayDate);
      for (const row of division.rows) {
        result.keys.push(row.key);
        result.rows.push(result.columns.map((c) => row[c as GridColumn]));
      }
      result.grids = division.grids;
      break;
    }
    case '监测对象识别认定公示':
      take(identifiedRows(ctx, range, input.periodStart ?? issueDate));
      break;
    case '帮扶措施公示': {
      const omitHealth = settings.notices.healthMeasures === 'omit';
      const rows: PublicHouseholdRow[] = [];
      for (const m of measureRows(ctx, range)) {
        const health = HEALTH_MEASURE_CATEGORIES.includes(m.category);
        if (health && omitHealth) continue;
        const text = health
          ? HEALTH_MEASURE_TEXT
          : measureTexts.get(m.key)?.trim() || plainMeasureName(m.category);
        result.measures.push({ key: m.key, category: m.category, text, fixed: health });
        rows.push({
          key: m.key,
          户主姓名: m.head,
          所在组: m.gridName,
          措施类别: health ? HEALTH_MEASURE_TEXT : m.category,
          措施内容: text,
          状态: m.status,
        });
      }
      take(rows);
      break;
    }
    case '风险消除公示':
      take(eliminatedRows(ctx, range, input.periodStart ?? issueDate));
      break;
    case '结果公告': {
      const source = resultSource(ctx, input, issueDate, settings.notices.issuerCode);
      result.source = source;
      if (source) {
        result.columns = [...resultColumns(source.row.kind)];
        take(resultRows(ctx, source));
      } else {
        result.notes.push(
          '没有公示期已满的监测对象识别认定公示或风险消除公示，结果公告没有可列的农户',
        );
      }
      break;
    }
    case '其他公示':
      break;
  }
  if (KINDS[input.kind].usesRange && result.rows.length === 0) {
    result.notes.push(
      `${chineseDate(from)}至${chineseDate(to)}没有可公示的${input.kind === '帮扶措施公示' ? '帮扶措施' : '农户'}`,
    );
  }
  return result;
}

export function noticeDraft(ctx: ServiceContext, input: NoticeDraftInput): NoticeDraft {
  const settings = getSettings(ctx);
  const spec = KINDS[input.kind];
  const scope = noticeScope(ctx, input.gridId);
  const place = scope.placeName || settings.villageName;
  const todayDate = today(ctx);
  const issueDate = input.issueDate ?? todayDate;
  const periodStart = input.periodStart ?? issueDate;
  const periodEnd = input.periodEnd ?? earliestEnd(settings, input.kind, periodStart);
  const to = input.to ?? todayDate;
  const from = input.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const rows = noticeRows(ctx, input, settings, scope);
  const facts = { place, rows: rows.rows.length, grids: rows.grids, from, to };

  return {
    kind: input.kind,
    title: titleFor(input.kind, place, rows.source),
    body: bodyFor(input.kind, facts, rows.source),
    issuer: defaultIssuer(settings, scope),
    issueDate,
    periodStart,
    periodEnd,
    minDays: periodRule(settings, input.kind).min,
    gridId: input.gridId ?? null,
    placeName: place,
    from: spec.usesRange ? from : null,
    to: spec.usesRange ? to : null,
    sourceNoticeId: rows.source?.row.id ?? null,
    table: { columns: rows.columns, rows: rows.rows },
    rowKeys: rows.keys,
    measureTexts: rows.measures,
    allowedColumns: spec.columns.length > 0 ? [...spec.columns] : null,
    notes: rows.notes,
  };
}
