import type { Database } from 'better-sqlite3';
import { statement } from '../statements';
import type { Step, Work } from './steps';

/**
 * Statements are cached per connection and text, shared with the SQLite directory's own code, which
 * may have left one plucking: each step sets the mode it reads in.
 */
function execute(db: Database, step: Step): unknown {
  switch (step.mode) {
    case 'get':
      return statement(db, step.sql)
        .raw(false)
        .pluck(false)
        .get(...step.params);
    case 'all':
      return statement(db, step.sql)
        .raw(false)
        .pluck(false)
        .all(...step.params);
    case 'value':
      return statement(db, step.sql)
        .pluck(true)
        .get(...step.params);
    case 'run':
      return statement(db, step.sql).run(...step.params).changes;
  }
}

/**
 * Runs work on the connection, synchronously, inside whatever transaction the caller holds: the
 * SQLite directory calls shared work from its own IMMEDIATE transactions.
 */
export function runOnSqlite<T>(db: Database, work: Work<T>): T {
  let next = work.next();
  while (!next.done) next = work.next(execute(db, next.value));
  return next.value;
}

/** The work as one IMMEDIATE write transaction (the write lock taken up front). */
export const writeOnSqlite = <T>(db: Database, work: () => Work<T>): T =>
  db.transaction(() => runOnSqlite(db, work())).immediate();
