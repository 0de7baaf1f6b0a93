import type { Sql } from '../../../database/postgres/sql';
import { runOnPostgres } from '../../../database/portable/postgresRunner';
import type { UserId } from '../../../../shared/domain/directory';
import * as sessions from '../portable/sessionsTable';

/** The sessions as the directory sees them (portable/sessionsTable.ts): listed and ended by an administrator. */
export const sessionsOfUser = (sql: Sql, userId: UserId, now: string) =>
  runOnPostgres(sql, sessions.sessionsOfUser(userId, now));
export const deleteSessionsOfUser = (tx: Sql, userId: UserId, keep?: number) =>
  runOnPostgres(tx, sessions.deleteSessionsOfUser(userId, keep));
