/**
 * Database work written once for both storages. A piece of work is a generator that yields the
 * statements it needs and receives their results; a runner executes them, synchronously on an
 * SQLite connection (inside the caller's transaction) or asynchronously on PostgreSQL. So a rule
 * (a lockout count, a token family's reuse check) has one implementation that holds on both, and
 * works from the SQLite directory's synchronous transactions as from PostgreSQL's asynchronous ones.
 *
 * The SQL must be portable: `?` placeholders (numbered for PostgreSQL by its runner), standard
 * INSERT … ON CONFLICT and RETURNING, and no dialect's functions.
 */
export type StepMode = 'get' | 'all' | 'value' | 'run';

export interface Step {
  mode: StepMode;
  sql: string;
  params: readonly unknown[];
}

/** Work that answers a T; run it with runOnSqlite / runOnPostgres, or `yield*` it from other work. */
export type Work<T> = Generator<Step, T, unknown>;

/** The first row, if any. */
export function* get<R>(sql: string, ...params: unknown[]): Work<R | undefined> {
  return (yield { mode: 'get', sql, params }) as R | undefined;
}

export function* all<R>(sql: string, ...params: unknown[]): Work<R[]> {
  return (yield { mode: 'all', sql, params }) as R[];
}

/** The first column of the first row, if any. */
export function* value<V>(sql: string, ...params: unknown[]): Work<V | undefined> {
  return (yield { mode: 'value', sql, params }) as V | undefined;
}

/** How many rows the statement changed. */
export function* run(sql: string, ...params: unknown[]): Work<number> {
  return (yield { mode: 'run', sql, params }) as number;
}

/** Work that needs no statement: a value computed from others' results. */
// eslint-disable-next-line require-yield
export function* done<T>(result: T): Work<T> {
  return result;
}
