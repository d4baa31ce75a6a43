import type Database from 'better-sqlite3';

/**
 * Raw SQL for hot and aggregate paths, the one way (README, architecture: 数据库访问). A query
 * is declared once at module level with its row and parameter types beside its text:
 *
 *   const HOUSEHOLD_COUNT = sqlQuery<{ n: number }, { gridId: number }>(
 *     'SELECT count(*) AS n FROM household_grids WHERE grid_id = @gridId AND end_date IS NULL',
 *   );
 *   const { n } = HOUSEHOLD_COUNT.get(ctx, { gridId })!;
 *
 * The statement is compiled on its first use on a connection and reused after that (a new
 * connection, e.g. after a restore, compiles its own). Text built at run time (a WHERE with
 * only the filters in use) goes through sqlQuery() too: the cache is keyed by the text.
 */

/** A value SQLite can bind. */
export type SqlValue = string | number | bigint | Buffer | null;

/** Named parameters (`@name` in the text) as one object, or positional ones (`?`) as a tuple. */
export type SqlParams = Readonly<Record<string, SqlValue>> | readonly SqlValue[];

/** What a call passes after the connection: the tuple's values, or the one named object. */
type Args<P extends SqlParams> = P extends readonly SqlValue[] ? P : [params: P];

/** Anything holding the open connection: a ServiceContext, or `{ sqlite }`. */
export interface HasConnection {
  sqlite: Database.Database;
}

export interface Query<Row, P extends SqlParams> {
  readonly text: string;
  all(on: HasConnection, ...params: Args<P>): Row[];
  get(on: HasConnection, ...params: Args<P>): Row | undefined;
  iterate(on: HasConnection, ...params: Args<P>): IterableIterator<Row>;
  run(on: HasConnection, ...params: Args<P>): Database.RunResult;
}

/**
 * Texts kept per connection. Built texts vary only with the filters in use, so a few dozen
 * per query is normal; the bound keeps a caller that puts values into the text (a bug: they
 * belong in parameters) from growing the cache without end.
 */
export const MAX_STATEMENTS_PER_CONNECTION = 256;

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(sqlite: Database.Database, text: string): Database.Statement {
  let statements = cache.get(sqlite);
  if (!statements) {
    statements = new Map();
    cache.set(sqlite, statements);
  }
  const cached = statements.get(text);
  if (cached) {
    // Still stepping through an iterate() (the same query inside its own loop): a statement
    // runs one query at a time, so this call gets a fresh one.
    return cached.busy ? sqlite.prepare(text) : cached;
  }
  const prepared = sqlite.prepare(text);
  if (statements.size >= MAX_STATEMENTS_PER_CONNECTION) {
    const oldest = statements.keys().next();
    if (!oldest.done) statements.delete(oldest.value);
  }
  statements.set(text, prepared);
  return prepared;
}

/** A query's text with its row type and parameter types, declared once. */
export function sqlQuery<Row, P extends SqlParams = []>(text: string): Query<Row, P> {
  // The one place rows get their declared type: SQLite returns plain objects, typed by the
  // SELECT's column aliases, which the declaration beside the text names.
  return {
    text,
    all: (on, ...params) => statement(on.sqlite, text).all(...params) as Row[],
    get: (on, ...params) => statement(on.sqlite, text).get(...params) as Row | undefined,
    iterate: (on, ...params) =>
      statement(on.sqlite, text).iterate(...params) as IterableIterator<Row>,
    run: (on, ...params) => statement(on.sqlite, text).run(...params),
  };
}
