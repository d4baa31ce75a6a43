import type { z } from 'zod';
import type { auditContract } from '../../api/audit-contract';
import type {
  HistoryChange,
  HistoryEntry,
  HistoryPage,
  HistorySubject,
} from '../../api/audit-types';
import { maskSensitiveText } from '../../api/id-number';
import type { AuditRow } from '../../../db/schema';
import type { ServiceContext } from '../context';
import { maskSnapshot } from './audit';
import {
  actionLabel,
  DEMO_SIZE_LABELS,
  entityLabel,
  fieldLabel,
  QUIET_ON_CREATE,
  TECHNICAL_FIELDS,
  VALUE_LABELS,
} from './labels';
import { localDateTime } from '../system/local-time';

type HistoryInput = z.output<(typeof auditContract)['audit.history']['input']>;

export const EMPTY = '（空）';
const DEFAULT_LIMIT = 50;

/**
 * The audit entities that belong to each kind of record: 修改记录 of a household shows its
 * members, measures, contacts… too; the whole-trail filter by kind takes all of them.
 */
const KINDS: Record<HistorySubject, string[]> = {
  household: ['household', 'member', 'measure', 'contact'],
  worker: ['worker', 'worker_role', 'worker_evaluation'],
  grid: ['grid'],
  problem: ['problem', 'problem_step', 'problem_attachment'],
  archiveItem: ['archive_item'],
};

/** Children whose rows carry the parent's id; a deleted one is found through its 删除 row. */
const HOUSEHOLD_CHILDREN = [
  ['member', 'members'],
  ['measure', 'measures'],
  ['contact', 'assistance_contacts'],
  ['problem', 'problems'],
  ['visit', 'visits'],
  ['archive_item', 'archive_items'],
] as const;

const quoted = (list: readonly string[]) => list.map((e) => `'${e}'`).join(', ');

/**
 * Ids once written under `entity` that its table no longer has, and whose 删除 row names the
 * parent (`$.key` = @id). Read from audit_entity_idx alone (entity, entity_id: no row is
 * fetched) against the table's primary key; only the few deleted ids get their 删除 row read.
 */
const deletedChildren = (entity: string, table: string, key: string) =>
  `SELECT '${entity}', x.entity_id
     FROM (SELECT DISTINCT entity_id FROM audit_log WHERE entity = '${entity}') x
     WHERE NOT EXISTS (SELECT 1 FROM ${table} c WHERE c.id = CAST(x.entity_id AS INTEGER))
       AND EXISTS (SELECT 1 FROM audit_log d
         WHERE d.entity = '${entity}' AND d.entity_id = x.entity_id AND d.action = 'delete'
           AND json_extract(d.before, '$.${key}') = @id)`;

/**
 * The (entity, entity_id) pairs of one record and what hangs on it, as a CTE body. Every pair
 * is then looked up through audit_entity_idx (entity, entity_id, id); current children come
 * from their own tables' parent indexes, deleted ones as deletedChildren() finds them.
 */
function targetsOf(subject: HistorySubject): string {
  switch (subject) {
    case 'household':
      return [
        `SELECT 'household', @idText`,
        ...HOUSEHOLD_CHILDREN.flatMap(([entity, table]) => [
          `SELECT '${entity}', CAST(id AS TEXT) FROM ${table} WHERE household_id = @id`,
          deletedChildren(entity, table, 'householdId'),
        ]),
      ].join('\n UNION ');
    case 'worker':
      return [
        `SELECT 'worker', @idText`,
        `SELECT 'worker_role', CAST(id AS TEXT) FROM worker_roles WHERE worker_id = @id`,
        `SELECT 'worker_evaluation', CAST(id AS TEXT) FROM worker_evaluations WHERE worker_id = @id`,
      ].join('\n UNION ');
    case 'grid':
      return [
        `SELECT 'grid', @idText`,
        `SELECT 'worker_role', CAST(id AS TEXT) FROM worker_roles WHERE grid_id = @id`,
      ].join('\n UNION ');
    case 'problem':
      return [
        `SELECT 'problem', @idText`,
        `SELECT 'problem_step', CAST(id AS TEXT) FROM problem_steps WHERE problem_id = @id`,
        `SELECT 'problem_attachment', CAST(id AS TEXT) FROM problem_attachments WHERE problem_id = @id`,
        deletedChildren('problem_step', 'problem_steps', 'problemId'),
        deletedChildren('problem_attachment', 'problem_attachments', 'problemId'),
      ].join('\n UNION ');
    case 'archiveItem':
      return `SELECT 'archive_item', @idText`;
  }
}

/**
 * Rows about a grid written under another entity: households moved in or out of it. The
 * households that were ever in the grid come from household_grids (its grid index); only
 * their own 调整 rows are read.
 */
const GRID_EXTRA = `SELECT a.id FROM audit_log a
  WHERE a.entity = 'household'
    AND a.entity_id IN (SELECT CAST(household_id AS TEXT) FROM household_grids WHERE grid_id = @id)
    AND a.action = 'move'
    AND (json_extract(a.after, '$.gridId') = @id OR json_extract(a.before, '$.gridId') = @id)`;

/** 'YYYY-MM-DD' (a local date) → the ISO instant of its local midnight, as `at` is stored. */
function localMidnight(day: string, addDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + addDays).toISOString();
}

/** 修改记录 / 操作记录: one page of entries, newest first, with the total for paging. */
export function auditHistory(ctx: ServiceContext, input: HistoryInput): HistoryPage {
  const params: Record<string, string | number> = {};
  const where: string[] = [];
  let cte = '';
  if (input.entity && input.entityId !== undefined) {
    params.id = input.entityId;
    params.idText = String(input.entityId);
    const extra = input.entity === 'grid' ? `\n UNION ${GRID_EXTRA}` : '';
    cte = `WITH targets(entity, entity_id) AS (${targetsOf(input.entity)}),
      picked(id) AS (
        SELECT a.id FROM targets t
          JOIN audit_log a ON a.entity = t.entity AND a.entity_id = t.entity_id${extra})\n`;
    where.push('id IN picked');
  } else if (input.entity) {
    where.push(`entity IN (${quoted(KINDS[input.entity])})`);
  }
  if (input.operator) {
    params.operator = input.operator;
    where.push('operator = @operator');
  }
  if (input.from) {
    params.from = localMidnight(input.from);
    where.push('at >= @from');
  }
  if (input.to) {
    params.to = localMidnight(input.to, 1);
    where.push('at < @to');
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = (
    ctx.sqlite.prepare(`${cte}SELECT count(*) AS n FROM audit_log ${filter}`).get(params) as {
      n: number;
    }
  ).n;
  const rows = ctx.sqlite
    .prepare(
      `${cte}SELECT id, at, operator, entity, entity_id AS entityId, action, before, after
       FROM audit_log ${filter} ORDER BY id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({
      ...params,
      limit: input.limit ?? DEFAULT_LIMIT,
      offset: input.offset ?? 0,
    }) as AuditRow[];
  const names = new Names(ctx);
  return { total, entries: rows.map((row) => toEntry(row, names)) };
}

/** Everyone who appears in the trail, for the 操作员 filter. */
export function auditOperators(ctx: ServiceContext): string[] {
  return (
    ctx.sqlite.prepare('SELECT DISTINCT operator FROM audit_log ORDER BY operator').all() as {
      operator: string;
    }[]
  ).map((r) => r.operator);
}

// ── one entry ───────────────────────────────────────────────────────────────────────────────

type Snapshot = Record<string, unknown>;

const isObject = (value: unknown): value is Snapshot =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A snapshot as stored: JSON text; a row that is not JSON shows as text rather than failing.
 * Masked again as it is read (maskSnapshot): rows written before free text was masked.
 */
function parse(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return maskSnapshot(JSON.parse(text) as unknown);
  } catch {
    return maskSnapshot(text);
  }
}

function toEntry(row: AuditRow, names: Names): HistoryEntry {
  const entry = {
    id: row.id,
    at: row.at,
    operator: row.operator,
    entity: row.entity,
    entityLabel: entityLabel(row.entity),
    action: row.action,
    actionLabel: actionLabel(row.action),
  };
  try {
    const before = parse(row.before);
    const after = parse(row.after);
    return {
      ...entry,
      subject: subjectOf(row, before, after, names),
      changes: changesOf(row, before, after, names),
    };
  } catch {
    // A snapshot of a shape nobody foresaw: the entry still shows who, when and what kind.
    const id = /[A-Za-z]/.test(row.entityId) ? '' : ` ${row.entityId}`;
    return { ...entry, subject: `${entry.entityLabel}${id}`, changes: [] };
  }
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** The head's name inside a household snapshot (its members list). */
function headInSnapshot(snapshot: Snapshot): string | undefined {
  const list = Array.isArray(snapshot.members) ? (snapshot.members as unknown[]) : [];
  const head = list.find((m) => isObject(m) && m.relation === '本人');
  return isObject(head) ? str(head.name) : undefined;
}

/** What the entry is about, e.g. '成员 张三', '分工 王网格·网格员（一组）'. */
function subjectOf(row: AuditRow, before: unknown, after: unknown, names: Names): string {
  const snap: Snapshot = { ...(isObject(before) ? before : {}), ...(isObject(after) ? after : {}) };
  const id = Number(row.entityId);
  const label = entityLabel(row.entity);
  const known = (name: string | undefined) => `${label} ${name ?? `（编号 ${row.entityId}）`}`;
  switch (row.entity) {
    case 'household': {
      const head = headInSnapshot(snap) ?? names.head(id);
      const year =
        row.action === 'income' || row.action === 'income-delete' ? num(snap.year) : undefined;
      return known(head) + (year ? `（${year} 年收入）` : '');
    }
    case 'member':
    case 'contact':
    case 'worker':
      return known(str(snap.name) ?? names.named(row.entity, id));
    case 'grid':
      return known(str(snap.name) ?? names.grid(id) ?? names.gridFromTrail(id));
    case 'measure': {
      const category = str(snap.category) ?? names.measure(id);
      return known(category && maskSensitiveText(category));
    }
    case 'worker_role': {
      const worker = names.worker(num(snap.workerId));
      const grid = names.grid(num(snap.gridId));
      return worker && grid && str(snap.role)
        ? `${label} ${worker}·${str(snap.role)}（${grid}）`
        : known(undefined);
    }
    case 'worker_evaluation':
      return known(
        [names.worker(num(snap.workerId)), str(snap.period)].filter(Boolean).join(' ') || undefined,
      );
    case 'problem':
      return known(names.problem(id, snap));
    case 'problem_step':
      return known(str(snap.step) ?? names.step(id));
    case 'problem_attachment':
      return known(str(snap.fileName));
    case 'visit': {
      const who = names.head(num(snap.householdId));
      return known([who && `${who}户`, str(snap.date)].filter(Boolean).join(' ') || undefined);
    }
    case 'meeting':
      return known(str(snap.date));
    case 'archive_item':
      return known(str(snap.archivalCode) ?? names.archiveItem(id));
    case 'notice':
      return known(str(snap.number) ?? str(snap.title));
    case 'document':
      return known(str(snap.title) ?? str(snap.kind));
    case 'setting':
      return `${label}「${fieldLabel('setting', row.entityId)}」`;
    case 'database':
      // Its rows are named by what happened to the file, not by a record id.
      if (row.entityId === 'password') return '数据库密码';
      return row.entityId === 'restore' ? `${label}（从备份恢复）` : label;
    case 'demo':
      return DEMO_SIZE_LABELS[row.entityId]
        ? `${label}（${DEMO_SIZE_LABELS[row.entityId]}）`
        : label;
    case 'roster':
    case 'problem_ledger':
      // Exported for a grid, or ('all') for everything.
      return `${label}（${Number.isInteger(id) ? (names.grid(id) ?? `网格编号 ${id}`) : '全部'}）`;
    case 'archive_year':
    case 'archive_export':
      return `${label} ${row.entityId} 年`;
    default:
      // An id that is a code word (not a number) is not shown.
      return /[A-Za-z]/.test(row.entityId) ? label : `${label} ${row.entityId}`;
  }
}

/** Empty in every form a snapshot writes it: null, missing, '', []. */
const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0);

const same = (a: unknown, b: unknown): boolean =>
  (isEmpty(a) && isEmpty(b)) || JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields of an entry, as before → after. A change (both sides recorded) lists what
 * differs among the fields the new side names (a partial 结束 row names only 结束日期);
 * a new record lists its filled-in fields, a deleted one what it held.
 */
function changesOf(row: AuditRow, before: unknown, after: unknown, names: Names): HistoryChange[] {
  const entity = row.entity;
  const change = (field: string, label: string, b: unknown, a: unknown): HistoryChange => {
    // A photo is a file name: say that it was replaced rather than show two names.
    if (PHOTO_FIELDS.has(field) && !isEmpty(b) && !isEmpty(a)) {
      return { field, label, before: '原照片', after: '新照片' };
    }
    return { field, label, before: display(field, b, names), after: display(field, a, names) };
  };
  if (isObject(before) && isObject(after)) {
    return Object.keys(after)
      .filter((key) => !TECHNICAL_FIELDS.has(key) && !same(before[key], after[key]))
      .map((key) => change(key, fieldLabel(entity, key), before[key], after[key]));
  }
  if (isObject(after) || isObject(before)) {
    const side = (isObject(after) ? after : before) as Snapshot;
    const isAfter = isObject(after);
    return Object.keys(side)
      .filter(
        (key) =>
          !TECHNICAL_FIELDS.has(key) &&
          !QUIET_ON_CREATE.has(key) &&
          !isEmpty(side[key]) &&
          side[key] !== false,
      )
      .map((key) =>
        change(
          key,
          fieldLabel(entity, key),
          isAfter ? before : side[key],
          isAfter ? side[key] : after,
        ),
      );
  }
  if (before === undefined && after === undefined) return [];
  // A setting's row holds the value itself (a number, a list); so may a future entity's.
  if (same(before, after)) return [];
  return [change(row.entityId, fieldLabel(entity, row.entityId), before, after)];
}

// ── display text ─────────────────────────────────────────────────────────────────────────────

const PHOTO_FIELDS = new Set(['photo', 'photoFile']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One value of a field as display text; free text is masked as lists mask it (§7). */
export function display(field: string, value: unknown, names: Names, depth = 0): string {
  if (isEmpty(value)) return EMPTY;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') {
    const ref = names.reference(field, value);
    if (ref !== undefined) return ref;
    return String(value);
  }
  if (typeof value === 'string') {
    if (PHOTO_FIELDS.has(field)) return '有照片';
    const coded = VALUE_LABELS[field]?.[value];
    if (coded) return coded;
    if (ISO_TIME.test(value)) return localDateTime(value);
    if (field === 'how') return value === 'upload' ? '上传扫描件' : '程序生成的文件';
    // A file's fingerprint: enough of it to tell two apart.
    if (field === 'sha256') return `${value.slice(0, 12)}…`;
    return maskSensitiveText(value);
  }
  // Deeply nested snapshots (a demo seed's counts) flatten into one line, not a tree.
  if (depth > 2) return '…';
  if (Array.isArray(value)) {
    if (field === 'problemIds') return value.map((v) => names.problemById(Number(v))).join('、');
    if (field === 'memberIds') {
      return value
        .map((v) => names.named('member', Number(v)) ?? `成员（编号 ${String(v)}）`)
        .join('、');
    }
    return value.map((item) => listItem(field, item, names, depth + 1)).join('、');
  }
  if (isObject(value)) return objectText(field, value, names, depth + 1);
  return String(value);
}

/** One element of a list field: a member by name, a risk with its sub-type, a year's income. */
function listItem(field: string, item: unknown, names: Names, depth: number): string {
  if (!isObject(item)) return display(field, item, names, depth);
  const s = (key: string) => (isEmpty(item[key]) ? undefined : display(key, item[key], names));
  if (item.riskType !== undefined) {
    const sub = s('disasterSubtype');
    return `${s('riskType')}${sub ? `（${sub}）` : ''}`;
  }
  if (field === 'members' && item.name !== undefined) {
    return `${s('name')}${item.relation ? `（${s('relation')}）` : ''}`;
  }
  if (field === 'measures' && item.category !== undefined) {
    return `${s('category')}${item.content ? `：${s('content')}` : ''}${item.status ? `（${s('status')}）` : ''}`;
  }
  if (field === 'incomes' && item.year !== undefined) {
    const net = item.perCapitaNetIncome;
    return `${s('year')} 年${isEmpty(net) ? '' : ` 人均纯收入 ${s('perCapitaNetIncome')}`}`;
  }
  if (field === 'incomeLines' && item.year !== undefined) {
    return `${s('year')} 年 ${s('amount')} 元`;
  }
  if (field === 'categories' && item.name !== undefined) {
    return `${s('name')}（${s('retention')}）`;
  }
  if (field === 'steps' && item.step !== undefined) return `${s('step')} ${s('date') ?? ''}`.trim();
  const name = s('name') ?? s('title') ?? s('fileName');
  return name ?? objectText(field, item, names, depth);
}

/** An object value: a grid by its path, else '标签：值' pairs. */
function objectText(field: string, value: Snapshot, names: Names, depth: number): string {
  if (Array.isArray(value.path) && value.path.length > 0) {
    return value.path.map((p) => display('path', p, names, depth)).join(' / ');
  }
  const parts = Object.entries(value)
    .filter(([key, v]) => !TECHNICAL_FIELDS.has(key) && !isEmpty(v))
    .map(([key, v]) => `${fieldLabel(field, key)}：${display(key, v, names, depth)}`);
  return parts.length > 0 ? parts.join('，') : EMPTY;
}

// ── names of what rows point at ──────────────────────────────────────────────────────────────

/**
 * Names for ids in snapshots (gridId → '杨柳村 / 一组'), looked up once per page. A record
 * deleted since shows by its number.
 */
export class Names {
  private readonly cache = new Map<string, string | undefined>();

  constructor(private readonly ctx: ServiceContext) {}

  private lookup(key: string, query: string, id: number | undefined): string | undefined {
    if (id === undefined) return undefined;
    const cacheKey = `${key}:${id}`;
    if (this.cache.has(cacheKey)) return this.cache.get(cacheKey);
    const row = this.ctx.sqlite.prepare(query).get(id) as { name: string | null } | undefined;
    const name = row?.name ? row.name : undefined;
    this.cache.set(cacheKey, name);
    return name;
  }

  grid(id: number | undefined): string | undefined {
    return this.lookup(
      'grid',
      `SELECT CASE WHEN p.name IS NULL THEN g.name ELSE p.name || ' / ' || g.name END AS name
       FROM grids g LEFT JOIN grids p ON p.id = g.parent_id WHERE g.id = ?`,
      id,
    );
  }

  gridFromTrail(id: number): string | undefined {
    return this.fromTrail('grid', id, 'name');
  }

  worker(id: number | undefined): string | undefined {
    return this.lookup('worker', 'SELECT name FROM workers WHERE id = ?', id);
  }

  /** The household's 户主 (relation 本人). */
  head(id: number | undefined): string | undefined {
    return this.lookup(
      'head',
      `SELECT name FROM members WHERE household_id = ? AND relation = '本人' ORDER BY id LIMIT 1`,
      id,
    );
  }

  /**
   * A name from the record's own earlier or later rows in the trail (its 新增 or 删除 row):
   * how a member deleted since still shows by name on its 查看完整号码 row. One index range.
   */
  private fromTrail(entity: string, id: number, key: string): string | undefined {
    const cacheKey = `trail:${entity}:${id}:${key}`;
    if (this.cache.has(cacheKey)) return this.cache.get(cacheKey);
    const path = `$.${key}`;
    const row = this.ctx.sqlite
      .prepare(
        `SELECT coalesce(json_extract(after, @path), json_extract(before, @path)) AS name
         FROM audit_log WHERE entity = @entity AND entity_id = @id
           AND json_valid(coalesce(after, before))
           AND coalesce(json_extract(after, @path), json_extract(before, @path)) IS NOT NULL
         ORDER BY id DESC LIMIT 1`,
      )
      .get({ entity, id: String(id), path }) as { name: unknown } | undefined;
    const name = str(row?.name);
    this.cache.set(cacheKey, name);
    return name;
  }

  named(entity: string, id: number): string | undefined {
    const table = { member: 'members', contact: 'assistance_contacts', worker: 'workers' }[
      entity as 'member'
    ];
    if (!table) return undefined;
    return (
      this.lookup(entity, `SELECT name FROM ${table} WHERE id = ?`, id) ??
      this.fromTrail(entity, id, 'name')
    );
  }

  measure(id: number): string | undefined {
    return (
      this.lookup('measure', 'SELECT category AS name FROM measures WHERE id = ?', id) ??
      this.fromTrail('measure', id, 'category')
    );
  }

  step(id: number): string | undefined {
    return (
      this.lookup('step', 'SELECT step AS name FROM problem_steps WHERE id = ?', id) ??
      this.fromTrail('problem_step', id, 'step')
    );
  }

  archiveItem(id: number): string | undefined {
    return (
      this.lookup('archive', 'SELECT archival_code AS name FROM archive_items WHERE id = ?', id) ??
      this.fromTrail('archive_item', id, 'archivalCode')
    );
  }

  /** '张三户·收入骤减' like the problem drawer's title; from the snapshot, else the table. */
  problem(id: number, snapshot: Snapshot): string | undefined {
    const category = str(snapshot.category);
    if (category) {
      const who = whoOf(this, snapshot);
      return who ? `${who}·${category}` : category;
    }
    return this.problemById(id);
  }

  problemById(id: number): string {
    const row = this.ctx.sqlite
      .prepare(
        'SELECT household_id AS householdId, person_name AS personName, category FROM problems WHERE id = ?',
      )
      .get(id) as Snapshot | undefined;
    if (!row) return `问题（编号 ${id}）`;
    const who = whoOf(this, row);
    return who ? `${who}·${String(row.category)}` : String(row.category);
  }

  /** A display name for an id-valued field, or undefined when the field is not a reference. */
  reference(field: string, id: number): string | undefined {
    const or = (name: string | undefined) => name ?? `（编号 ${id}）`;
    switch (field) {
      case 'gridId':
      case 'parentId':
        return or(this.grid(id));
      case 'workerId':
        return or(this.worker(id));
      case 'householdId': {
        const head = this.head(id);
        return head ? `${head}户` : `农户（编号 ${id}）`;
      }
      case 'problemId':
        return this.problemById(id);
      case 'stepId':
        return or(this.step(id));
      case 'meetingId':
        return or(this.lookup('meeting', 'SELECT date AS name FROM meetings WHERE id = ?', id));
      case 'documentId':
        return or(this.lookup('document', 'SELECT title AS name FROM documents WHERE id = ?', id));
      default:
        return undefined;
    }
  }
}

/** Who a problem is about: the household's head, or the 反映人 of a clue. */
function whoOf(resolver: Names, snapshot: Snapshot): string | undefined {
  const head = resolver.head(num(snapshot.householdId));
  if (head) return `${head}户`;
  const person = str(snapshot.personName);
  return person ? maskSensitiveText(person) : undefined;
}
