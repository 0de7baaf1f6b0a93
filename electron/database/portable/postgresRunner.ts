import type { PostgresDatabase } from '../postgres/postgresDatabase';
import type { Sql } from '../postgres/sql';
import type { Step, Work } from './steps';

const numbered = new Map<string, string>();

/** `?` placeholders as PostgreSQL's $1, $2…; portable SQL keeps `?` out of its literals. */
export function postgresText(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, text);
  }
  return text;
}

function execute(tx: Sql, step: Step): Promise<unknown> {
  const text = postgresText(step.sql);
  switch (step.mode) {
    case 'get':
      return tx.row(text, step.params);
    case 'all':
      return tx.rows(text, step.params);
    case 'value':
      return tx.value(text, step.params);
    case 'run':
      return tx.run(text, step.params);
  }
}

/** Runs work on PostgreSQL inside the caller's transaction (or on the pool, a statement at a time). */
export async function runOnPostgres<T>(tx: Sql, work: Work<T>): Promise<T> {
  let next = work.next();
  while (!next.done) next = work.next(await execute(tx, next.value));
  return next.value;
}

/** The work as one write transaction, writers taking turns across processes. */
export const writeOnPostgres = <T>(database: PostgresDatabase, work: () => Work<T>): Promise<T> =>
  database.write((tx) => runOnPostgres(tx, work()));
