import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_STATEMENTS_PER_CONNECTION, sqlQuery } from '../../electron/services/sql';

/** sqlQuery on real SQLite connections: typed rows, one compile per connection and text. */

const opened: Database.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  vi.restoreAllMocks();
});

/** A connection with a small households table: `rows` as [id, name, grid]. */
function connection(rows: [number, string, number][]): { sqlite: Database.Database } {
  const sqlite = new Database(':memory:');
  opened.push(sqlite);
  sqlite.exec('CREATE TABLE households (id INTEGER PRIMARY KEY, name TEXT, grid_id INTEGER)');
  const insert = sqlite.prepare('INSERT INTO households (id, name, grid_id) VALUES (?, ?, ?)');
  for (const row of rows) insert.run(...row);
  return { sqlite };
}

const BY_GRID = sqlQuery<{ id: number; name: string }, { gridId: number }>(
  'SELECT id, name FROM households WHERE grid_id = @gridId ORDER BY id',
);
const NAME_OF = sqlQuery<{ name: string }, [number]>('SELECT name FROM households WHERE id = ?');
const COUNT = sqlQuery<{ n: number }>('SELECT count(*) AS n FROM households');
const RENAME = sqlQuery<never, { id: number; name: string }>(
  'UPDATE households SET name = @name WHERE id = @id',
);

describe('sqlQuery', () => {
  it('binds named, positional and no parameters, and returns the rows', () => {
    const db = connection([
      [1, '张三', 7],
      [2, '李四', 8],
      [3, '王五', 7],
    ]);
    expect(BY_GRID.all(db, { gridId: 7 })).toEqual([
      { id: 1, name: '张三' },
      { id: 3, name: '王五' },
    ]);
    expect(NAME_OF.get(db, 2)).toEqual({ name: '李四' });
    expect(NAME_OF.get(db, 99)).toBeUndefined();
    expect(COUNT.get(db)).toEqual({ n: 3 });
    expect(RENAME.run(db, { id: 3, name: '王小五' }).changes).toBe(1);
    expect([...BY_GRID.iterate(db, { gridId: 7 })].map((r) => r.name)).toEqual(['张三', '王小五']);
  });

  it('compiles a text once per connection; another connection compiles its own', () => {
    const first = connection([[1, '张三', 7]]);
    const second = connection([[1, '赵六', 7]]);
    const firstPrepare = vi.spyOn(first.sqlite, 'prepare');
    const secondPrepare = vi.spyOn(second.sqlite, 'prepare');
    for (let i = 0; i < 5; i++) expect(NAME_OF.get(first, 1)).toEqual({ name: '张三' });
    expect(NAME_OF.get(second, 1)).toEqual({ name: '赵六' });
    expect(NAME_OF.get(second, 1)).toEqual({ name: '赵六' });
    expect(firstPrepare).toHaveBeenCalledTimes(1);
    expect(secondPrepare).toHaveBeenCalledTimes(1);
  });

  it('runs the same query inside its own iterate() loop', () => {
    const db = connection([
      [1, '张三', 7],
      [2, '李四', 7],
    ]);
    const pairs: string[] = [];
    for (const outer of BY_GRID.iterate(db, { gridId: 7 })) {
      for (const inner of BY_GRID.iterate(db, { gridId: 7 })) {
        pairs.push(`${outer.name}-${inner.name}`);
      }
    }
    expect(pairs).toEqual(['张三-张三', '张三-李四', '李四-张三', '李四-李四']);
  });

  it('types: the parameters declared beside the text are the ones a call must pass', () => {
    const db = connection([[1, '张三', 7]]);
    // Checked by tsc (test/ is in tsconfig.node.json): each line below would not compile
    // without its @ts-expect-error, so a loosened Query type fails the type check.
    const wrongCalls = [
      // @ts-expect-error a named query takes its object, not positional values
      () => BY_GRID.all(db, 7),
      // @ts-expect-error gridId is a number
      () => BY_GRID.all(db, { gridId: '7' }),
      // @ts-expect-error a positional query takes its values, not an object
      () => NAME_OF.get(db, { id: 1 }),
      // @ts-expect-error the row has no such column
      () => NAME_OF.get(db, 1)?.id,
    ];
    // At run time SQLite refuses the wrong shapes; a text '7' it quietly matches by the
    // column's affinity, so only the type check catches that one.
    expect(() => wrongCalls[0]!()).toThrow();
    expect(wrongCalls[1]!()).toHaveLength(1);
    expect(() => wrongCalls[2]!()).toThrow();
    expect(wrongCalls[3]!()).toBeUndefined();
  });

  it('keeps at most the bound of texts per connection, oldest out first', () => {
    const db = connection([[1, '张三', 7]]);
    const prepare = vi.spyOn(db.sqlite, 'prepare');
    const text = (i: number) => sqlQuery<{ v: number }>(`SELECT ${i} AS v`);
    expect(text(0).get(db)).toEqual({ v: 0 });
    for (let i = 1; i <= MAX_STATEMENTS_PER_CONNECTION; i++) text(i).get(db);
    expect(prepare).toHaveBeenCalledTimes(MAX_STATEMENTS_PER_CONNECTION + 1);
    // The newest is still cached; the first was let go and compiles again.
    expect(text(MAX_STATEMENTS_PER_CONNECTION).get(db)).toEqual({
      v: MAX_STATEMENTS_PER_CONNECTION,
    });
    expect(prepare).toHaveBeenCalledTimes(MAX_STATEMENTS_PER_CONNECTION + 1);
    expect(text(0).get(db)).toEqual({ v: 0 });
    expect(prepare).toHaveBeenCalledTimes(MAX_STATEMENTS_PER_CONNECTION + 2);
  });
});
