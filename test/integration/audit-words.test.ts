import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry, HistoryPage } from '../../electron/api/audit-types';
import type { CardJobStart, CardJobStatus } from '../../electron/api/cards-types';
import { backupOfKind } from '../../electron/services/backup/write';
import type { ServiceContext } from '../../electron/services/context';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { changeWorkerPhone } from '../fixtures/cards';
import { useTestRuntime } from '../fixtures/runtime';
import { call } from '../fixtures/village';

/**
 * 操作记录 as the clerk reads it, after the services that write the trail's odder rows have
 * run for real: the demo seed (its counts by level, the 月通报 it files), a password set and
 * changed, a backup restored, 明白纸 printed 「只打印有变化的」, grids added at village and
 * group level. No code word may reach the screen.
 */

/** Code words the trail is written with that once showed through. */
const CODE_WORDS = [
  'password',
  'restore',
  'monthlyReport',
  'changedOnly',
  'village',
  'group',
  'township',
  'county',
  'database',
  'demo',
  'seed',
  'size',
  'true',
  'false',
  'null',
  'undefined',
  'all',
];
/** ASCII words a clerk does know: file kinds, and the backups' own file ending (.vlbak). */
const ALLOWED = new Set(['PDF', 'XLSX', 'USB', 'ID', 'A4', 'A5', 'ZIP', 'JPG', 'PNG', 'VLBAK']);

const textsOf = (entry: HistoryEntry): string[] => [
  entry.entityLabel,
  entry.actionLabel,
  entry.subject,
  ...entry.changes.flatMap((c) => [c.label, c.before, c.after]),
];

/** The ASCII words of a text: code words from 3 letters, any other word from 4. */
function foreignWords(text: string): string[] {
  const words = text.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? [];
  return words.filter((word) => {
    if (ALLOWED.has(word.toUpperCase())) return false;
    const letters = word.replace(/[^A-Za-z]/g, '');
    if (CODE_WORDS.some((code) => word.toLowerCase().includes(code.toLowerCase()))) {
      return letters.length >= 3;
    }
    return /[A-Za-z]{4,}/.test(word);
  });
}

describe('操作记录 shows no code words', () => {
  const runtime = useTestRuntime();
  /** After a restore the session holds a new context. */
  const ctx = (): ServiceContext => runtime().session.ctx;
  const session = async (method: string, input: unknown) => {
    const envelope = await dispatchSession(runtime().session, method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.result;
  };

  async function everything(): Promise<HistoryEntry[]> {
    const entries: HistoryEntry[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await call<HistoryPage>(ctx(), 'audit.history', { limit: 500, offset });
      entries.push(...page.entries);
      if (entries.length >= page.total) return entries;
    }
  }

  it('labels every entity, action, field and coded value in Chinese', async () => {
    await call(ctx(), 'demo.seed', { size: 'village', seed: 11 });
    const gridOf = (level: string) =>
      (
        ctx()
          .sqlite.prepare('SELECT id FROM grids WHERE level = ? ORDER BY id LIMIT 1')
          .get(level) as { id: number }
      ).id;
    await call(ctx(), 'grids.create', {
      parentId: gridOf('township'),
      level: 'village',
      name: '新建村',
    });
    await call(ctx(), 'grids.create', {
      parentId: gridOf('village'),
      level: 'group',
      name: '新建组',
    });

    // A 网格员 on the cards gets a new phone: the cards the demo printed have changed.
    const workerId = (
      ctx()
        .sqlite.prepare(
          'SELECT worker_id AS id FROM worker_roles WHERE end_date IS NULL ORDER BY id LIMIT 1',
        )
        .get() as { id: number }
    ).id;
    await changeWorkerPhone(ctx(), workerId, '13700137111');
    const start = await call<CardJobStart>(ctx(), 'cards.start', {
      scope: { changedOnly: true },
      layout: 'a5x2',
    });
    let status: CardJobStatus;
    do {
      await new Promise((resolve) => setTimeout(resolve, 5));
      status = await call<CardJobStatus>(ctx(), 'cards.status', { jobId: start.jobId });
    } while (status.state === 'running');
    expect(status.state).toBe('done');

    const backup = await backupOfKind(ctx(), '手动');
    await call(ctx(), 'backup.restore', { file: path.basename(backup) });
    await session('security.setPassword', { next: '村里的密码123' });
    await session('security.setPassword', { current: '村里的密码123', next: '新密码456789' });

    const entries = await everything();
    const actions = new Set(entries.map((e) => `${e.entity}:${e.action}`));
    for (const written of [
      'demo:seed',
      'grid:create',
      'document:print_cards',
      'document:generate',
      'database:恢复备份',
      'database:设置密码',
      'database:修改密码',
    ]) {
      expect(actions, written).toContain(written);
    }

    const leaks = entries.flatMap((entry) =>
      textsOf(entry)
        .filter((text) => foreignWords(text).length > 0)
        .map((text) => `${entry.entity}:${entry.action} → ${text}`),
    );
    expect([...new Set(leaks)].slice(0, 60)).toEqual([]);
    // Nothing fell back to the generic words either: every key written is labelled.
    const generic = entries
      .flatMap((e) => textsOf(e))
      .filter((t) => /其他(记录|操作|字段)/.test(t));
    expect(generic).toEqual([]);

    // Each grid level under its own name, wherever the trail shows one.
    const change = (entry: HistoryEntry | undefined, label: string) =>
      entry?.changes.find((c) => c.label === label)?.after;
    const created = (name: string) =>
      entries.find(
        (e) => e.entity === 'grid' && e.action === 'create' && e.subject === `网格 ${name}`,
      );
    expect(change(created('新建村'), '层级')).toBe('村');
    expect(change(created('新建组'), '层级')).toBe('村民小组');
    const demo = entries.find((e) => e.entity === 'demo');
    expect(demo?.subject).toBe('演示数据（一个村）');
    expect(change(demo, '网格数')).toMatch(
      /^县：1，乡镇：1，村：1，村民小组：\d+(，组内网格：\d+)?$/,
    );

    const database = entries.filter((e) => e.entity === 'database');
    expect(database.map((e) => [e.actionLabel, e.subject])).toEqual([
      ['修改密码', '数据库密码'],
      ['设置密码', '数据库密码'],
      ['恢复备份', '数据库（从备份恢复）'],
    ]);
    expect(change(database[2], '恢复所用的备份')).toBe(path.basename(backup));

    const cards = entries.find((e) => e.action === 'print_cards');
    expect(change(cards, '范围')).toBe('只打印有变化的：是');
    expect(change(cards, '版式')).toBe('A4 纸两张 A5');

    const monthly = entries.find((e) => e.action === 'generate' && change(e, '类型') === '月通报');
    expect(change(monthly, '生成内容')).toMatch(/^文件类型：月通报，月份：\d{4}-\d{2}，网格：/);
  });
});
