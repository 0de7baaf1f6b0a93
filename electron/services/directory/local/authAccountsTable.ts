import type { Database } from 'better-sqlite3';
import type { UserId } from '../../../../shared/domain/directory';
import type { Role } from '../../../../shared/domain/roles';
import { runOnSqlite } from '../../../database/portable/sqliteRunner';
import * as accounts from '../portable/accountsTable';

export type { AccountRow } from '../portable/accountsTable';

/** The SQLite directory's synchronous calls of the accounts table's work (portable/accountsTable.ts). */
export const getAccount = (db: Database, id: UserId) => runOnSqlite(db, accounts.getAccount(id));
export const findAccount = (db: Database, username: string) =>
  runOnSqlite(db, accounts.findAccount(username));
export const clearLoginFailures = (db: Database, id: UserId) =>
  runOnSqlite(db, accounts.clearLoginFailures(id));
export const setRole = (db: Database, id: UserId, role: Role) => runOnSqlite(db, accounts.setRole(id, role));
export const otherEnabledAdmins = (db: Database, excluding: readonly UserId[]) =>
  runOnSqlite(db, accounts.otherEnabledAdmins(excluding));
export const resetAdminAccount = (db: Database, id: UserId, passwordHash: string, now: string) =>
  runOnSqlite(db, accounts.resetAdminAccount(id, passwordHash, now));
