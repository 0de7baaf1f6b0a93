import type { Database } from 'better-sqlite3';
import type { UserId } from '../../../../shared/domain/directory';
import { runOnSqlite } from '../../../database/portable/sqliteRunner';
import * as sessions from '../portable/sessionsTable';

/** The SQLite directory's synchronous calls of the sessions table's work (portable/sessionsTable.ts). */
export const sessionsOfUser = (db: Database, userId: UserId, now: string) =>
  runOnSqlite(db, sessions.sessionsOfUser(userId, now));
export const deleteSessionsOfUser = (db: Database, userId: UserId, keep?: number) =>
  runOnSqlite(db, sessions.deleteSessionsOfUser(userId, keep));
