import { RosterError } from '../../../../shared/contract/errors';
import type { AccessStatus, UserId, WriteCondition } from '../../../../shared/domain/directory';
import type { Role } from '../../../../shared/domain/roles';
import { auditDiff } from '../../../../shared/domain/audit';
import type { Sql } from '../../../database/postgres/sql';
import type { AccountRow } from '../portable/accountsTable';
import { accessStatus, assertAdminLeft, assertMayGrant, assertMayManage } from '../rules/accountRules';
import { assertKeysSuit } from '../rules/apiKeyRules';
import { apiKeysOfUser } from './apiKeysTable';
import { clearLoginFailures, getAccount, otherEnabledAdmins, setRole } from './authAccountsTable';
import type { DirectoryContext } from './directoryContext';
import { assertVersion } from './versions';

export type PostgresAccounts = ReturnType<typeof createPostgresAccounts>;

/**
 * The rules about who may do what to an account: roles, the last administrator, the lockout. Each
 * check that reads runs in the write transaction `tx` it guards, after the write lock, so they hold
 * however many server processes write at once.
 */
export function createPostgresAccounts(
  context: Pick<DirectoryContext, 'database' | 'now' | 'audit' | 'callerRole'>,
) {
  const { database, now, audit, callerRole } = context;

  const requireAccount = async (tx: Sql, id: UserId): Promise<AccountRow> => {
    const account = await getAccount(tx, id);
    if (!account) throw new RosterError('NOT_FOUND', 'That user no longer exists.', 'userId');
    return account;
  };

  const mayManage = (target: Pick<AccountRow, 'username' | 'role'>): void =>
    assertMayManage(callerRole(), target);
  const mayGrant = (role: Role): void => assertMayGrant(callerRole(), role);

  /** Refuses a change to `ids` that would leave no enabled administrator. */
  const assertAdminRemains = async (tx: Sql, ids: readonly UserId[]): Promise<void> => {
    const affected = await tx.value<boolean>(
      "SELECT EXISTS (SELECT 1 FROM users WHERE id = ANY($1::int[]) AND role = 'administrator' AND enabled = 1)",
      [ids],
    );
    if (affected) assertAdminLeft(ids, await otherEnabledAdmins(tx, ids));
  };

  /** `detail` says in the audit log what the change was part of (a bulk action, an import). */
  const setRoleIn = async (
    tx: Sql,
    id: UserId,
    role: Role,
    condition?: WriteCondition,
    detail?: string,
  ): Promise<void> => {
    const account = await requireAccount(tx, id);
    await assertVersion(tx, 'users', id, condition);
    mayManage(account);
    mayGrant(role);
    if (role !== 'administrator') await assertAdminRemains(tx, [id]);
    assertKeysSuit(role, await apiKeysOfUser(tx, id));
    if (await setRole(tx, id, role))
      await audit(tx, {
        action: 'user.role',
        targetType: 'user',
        targetId: id,
        before: { role: account.role },
        after: { role },
        ...(detail === undefined ? {} : { detail }),
      });
  };

  return {
    status: async (id: UserId): Promise<AccessStatus> =>
      accessStatus(await requireAccount(database.sql, id), now()),

    async unlock(id: UserId): Promise<AccessStatus> {
      return database.write(async (tx) => {
        const account = await requireAccount(tx, id);
        mayManage(account);
        const change = auditDiff(accessStatus(account, now()), { failedLogins: 0, lockedUntil: null });
        if ((await clearLoginFailures(tx, id)) && change)
          await audit(tx, { action: 'user.unlock', targetType: 'user', targetId: id, ...change });
        return accessStatus(await requireAccount(tx, id), now());
      });
    },

    setRoleIn,
    setRole: (id: UserId, role: Role, condition?: WriteCondition, detail?: string): Promise<void> =>
      database.write((tx) => setRoleIn(tx, id, role, condition, detail)),

    assertAdminRemains,
    assertMayManage: mayManage,
    assertMayGrant: mayGrant,
    /** Every one of `ids` that exists must be a user the caller may manage. */
    async assertMayManageAll(tx: Sql, ids: readonly UserId[]): Promise<void> {
      const accounts = await tx.rows<Pick<AccountRow, 'username' | 'role'>>(
        'SELECT username, role FROM users WHERE id = ANY($1::int[]) ORDER BY array_position($1::int[], id)',
        [ids],
      );
      for (const account of accounts) mayManage(account);
    },
  };
}
