import type { Database } from 'better-sqlite3';
import type { PostgresDatabase } from '../postgres/postgresDatabase';
import { runOnPostgres, writeOnPostgres } from './postgresRunner';
import { runOnSqlite, writeOnSqlite } from './sqliteRunner';
import type { Work } from './steps';

/** Where work runs: an instance's SQLite file or its PostgreSQL database. */
export interface WorkRunner {
  /** The work as one write transaction, writers taking turns. */
  write: <T>(work: () => Work<T>) => Promise<T>;
  /** Reads, each statement seeing what was committed when it started. */
  read: <T>(work: () => Work<T>) => Promise<T>;
}

/** Synchronous underneath: a failure comes back as a rejected promise, as PostgreSQL's would. */
export const sqliteWorkRunner = (db: Database): WorkRunner => ({
  write: (work) => settle(() => writeOnSqlite(db, work)),
  read: (work) => settle(() => runOnSqlite(db, work())),
});

function settle<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export const postgresWorkRunner = (database: PostgresDatabase): WorkRunner => ({
  write: (work) => writeOnPostgres(database, work),
  read: (work) => runOnPostgres(database.sql, work()),
});
