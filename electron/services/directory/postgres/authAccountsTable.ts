import type { UserId } from '../../../../shared/domain/directory';
import type { Role } from '../../../../shared/domain/roles';
import { runOnPostgres } from '../../../database/portable/postgresRunner';
import type { Sql } from '../../../database/postgres/sql';
import * as accounts from '../portable/accountsTable';

/** The PostgreSQL directory's calls of the accounts table's work (portable/accountsTable.ts), in `tx`. */
export const getAccount = (tx: Sql, id: UserId) => runOnPostgres(tx, accounts.getAccount(id));
export const clearLoginFailures = (tx: Sql, id: UserId) => runOnPostgres(tx, accounts.clearLoginFailures(id));
export const setRole = (tx: Sql, id: UserId, role: Role) => runOnPostgres(tx, accounts.setRole(id, role));
export const otherEnabledAdmins = (tx: Sql, excluding: readonly UserId[]) =>
  runOnPostgres(tx, accounts.otherEnabledAdmins(excluding));
