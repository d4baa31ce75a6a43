import fs from 'node:fs';
import path from 'node:path';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import { cardScope } from '../../electron/api/cards-schemas';
import { ledgerFilterFields } from '../../electron/api/ledger-schemas';
import { gridLevel, settingsShape } from '../../electron/api/schemas';
import {
  actionLabel,
  entityLabel,
  fieldLabel,
  OTHER_ACTION,
  OTHER_ENTITY,
  OTHER_FIELD,
  TECHNICAL_FIELDS,
  VALUE_LABELS,
} from '../../electron/services/audit/labels';
import { REVEAL_FIELDS } from '../../electron/services/roster/reveal';

const SERVICES = path.resolve(__dirname, '../../electron/services');
const ascii = /[A-Za-z]{2,}/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'audit' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/**
 * The entity and action words of every audit() call in the services: the literal after
 * `entity:` and every quoted word of the `action:` expression (`before ? 'update' : 'create'`).
 */
function writtenWords(): { entities: Set<string>; actions: Set<string>; calls: number } {
  const entities = new Set<string>();
  const actions = new Set<string>();
  let calls = 0;
  for (const file of sourceFiles(SERVICES)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\baudit\((?:ctx|fresh|c), \{/g)) {
      calls += 1;
      const body = text.slice(match.index, text.indexOf('})', match.index));
      for (const m of body.matchAll(/entity: '([^']+)'/g)) entities.add(m[1]!);
      for (const m of body.matchAll(/action: ([^,\n}]+)/g)) {
        for (const word of m[1]!.matchAll(/'([^']+)'/g)) actions.add(word[1]!);
      }
    }
  }
  return { entities, actions, calls };
}

describe('操作记录 labels', () => {
  it('has a Chinese word for every entity and action the services write', () => {
    const { entities, actions, calls } = writtenWords();
    expect(calls).toBeGreaterThan(60);
    expect(entities.size).toBeGreaterThan(20);
    // Written through a variable: 查看完整号码 of each kind of record, a problem's 办结 etc.
    for (const field of REVEAL_FIELDS) entities.add(field.split('.')[0]!);
    for (const action of ['resolve', 'reopen', 'follow-up']) actions.add(action);
    const missing = [
      ...[...entities].filter((e) => ascii.test(entityLabel(e)) || entityLabel(e) === OTHER_ENTITY),
      ...[...actions].filter((a) => ascii.test(actionLabel(a)) || actionLabel(a) === OTHER_ACTION),
    ];
    expect(missing).toEqual([]);
  });

  it('has a Chinese word for every column of the records the trail snapshots', () => {
    const missing: string[] = [];
    for (const table of Object.values(schema)) {
      if (!is(table, SQLiteTable)) continue;
      const name = getTableName(table);
      // The trail itself and the settings' key/value rows (their keys are checked below).
      if (name === 'audit_log' || name === 'settings' || name.startsWith('__')) continue;
      for (const key of Object.keys(getTableColumns(table))) {
        if (TECHNICAL_FIELDS.has(key)) continue;
        const label = fieldLabel(name, key);
        if (ascii.test(label) || label === OTHER_FIELD) missing.push(`${name}.${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names every setting and every part of one', () => {
    const missing: string[] = [];
    for (const [key, type] of Object.entries(settingsShape.shape)) {
      if (fieldLabel('setting', key) === OTHER_FIELD) missing.push(key);
      const inner = (type as { shape?: Record<string, unknown> }).shape;
      for (const part of Object.keys(inner ?? {})) {
        if (fieldLabel(key, part) === OTHER_FIELD) missing.push(`${key}.${part}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names the parts of the objects some rows hold: a ledger export filter, a card batch scope', () => {
    const parts = [
      ...Object.keys(ledgerFilterFields).map((key) => ['filter', key]),
      ...Object.keys(cardScope.shape).map((key) => ['scope', key]),
    ];
    const missing = parts.filter(
      ([field, key]) =>
        fieldLabel(field!, key!) === OTHER_FIELD || ascii.test(fieldLabel(field!, key!)),
    );
    expect(missing).toEqual([]);
  });

  it('calls each grid level by its own name, as a value and as a count', () => {
    const words = {
      county: '县',
      township: '乡镇',
      village: '村',
      group: '村民小组',
      cell: '组内网格',
    };
    expect(Object.keys(words).sort()).toEqual([...gridLevel.options].sort());
    for (const [level, word] of Object.entries(words)) {
      expect(VALUE_LABELS.level![level]).toBe(word);
      expect(fieldLabel('grids', level)).toBe(word);
    }
    expect(VALUE_LABELS.size).toEqual({
      village: '一个村',
      township: '一个乡镇',
      county: '一个县',
    });
    expect(VALUE_LABELS.retention).toEqual({ Y: '永久', D30: '30 年', D10: '10 年' });
    expect(VALUE_LABELS.kind!.monthlyReport).toBe('月通报');
  });

  it('shows a code word nobody labelled as a plain Chinese word, never the code', () => {
    expect(fieldLabel('household', 'someNewField')).toBe(OTHER_FIELD);
    expect(entityLabel('new_thing')).toBe(OTHER_ENTITY);
    expect(actionLabel('frobnicate')).toBe(OTHER_ACTION);
    // Rows written with the action already in words keep it.
    expect(actionLabel('设置密码')).toBe('设置密码');
    expect(fieldLabel('setting', '自定义')).toBe('自定义');
  });
});
