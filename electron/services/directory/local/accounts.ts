import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../../shared/contract/errors';
import type { AccessStatus, UserId, WriteCondition } from '../../../../shared/domain/directory';
import type { Role } from '../../../../shared/domain/roles';
import { auditDiff } from '../../../../shared/domain/audit';
import type { AuditRecord } from './auditLog';
import {
  clearLoginFailures,
  getAccount,
  otherEnabledAdmins,
  setRole,
  type AccountRow,
} from './authAccountsTable';
import { assertKeysSuitRole } from './apiKeys';
import { assertVersion } from './versions';
import {
  accessStatus,
  assertAdminLeft,
  assertMayGrant as assertMayGrantRole,
  assertMayManage as assertMayManageRole,
} from '../rules/accountRules';

export type Accounts = ReturnType<typeof createAccounts>;

/**
 * The rules about who may do what to an account: roles, the last administrator, the lockout. The
 * local directory runs each check inside the write's immediate transaction, so they hold for the
 * app, the instance server and any other writer of the file, however many run at once.
 */
export function createAccounts(
  db: Database,
  now: () => Date,
  audit: (entry: Omit<AuditRecord, 'actor'>) => void,
  callerRole: () => Role,
) {
  const requireAccount = (id: UserId) => {
    const account = getAccount(db, id);
    if (!account) throw new RosterError('NOT_FOUND', 'That user no longer exists.', 'userId');
    return account;
  };

  const assertMayManage = (target: Pick<AccountRow, 'username' | 'role'>): void =>
    assertMayManageRole(callerRole(), target);
  const assertMayGrant = (role: Role): void => assertMayGrantRole(callerRole(), role);

  /**
   * Refuses a change that would leave no enabled administrator: deleting,
   * disabling or demoting the last one would lock everybody out of the API.
   */
  const assertAdminRemains = (ids: readonly UserId[]): void => {
    const affected = ids.some((id) => {
      const account = getAccount(db, id);
      return account?.role === 'administrator' && account.enabled === 1;
    });
    if (affected) assertAdminLeft(ids, otherEnabledAdmins(db, ids));
  };

  return {
    status: (id: UserId): AccessStatus => accessStatus(requireAccount(id), now()),

    unlock(id: UserId): AccessStatus {
      db.transaction(() => {
        const account = requireAccount(id);
        assertMayManage(account);
        const before = accessStatus(account, now());
        const change = auditDiff(before, { failedLogins: 0, lockedUntil: null });
        if (clearLoginFailures(db, id) && change)
          audit({ action: 'user.unlock', targetType: 'user', targetId: id, ...change });
      }).immediate();
      return accessStatus(requireAccount(id), now());
    },

    /** `detail` says in the audit log what the change was part of (a bulk action, an import). */
    setRole(id: UserId, role: Role, condition?: WriteCondition, detail?: string): void {
      db.transaction(() => {
        const account = requireAccount(id);
        assertVersion(db, 'users', id, condition);
        assertMayManage(account);
        assertMayGrant(role);
        if (role !== 'administrator') assertAdminRemains([id]);
        assertKeysSuitRole(db, id, role);
        if (setRole(db, id, role))
          audit({
            action: 'user.role',
            targetType: 'user',
            targetId: id,
            before: { role: account.role },
            after: { role },
            ...(detail === undefined ? {} : { detail }),
          });
      }).immediate();
    },

    assertAdminRemains,
    assertMayManage,
    assertMayGrant,
    /** Every one of `ids` that exists must be a user the caller may manage. */
    assertMayManageAll(ids: readonly UserId[]): void {
      for (const id of ids) {
        const account = getAccount(db, id);
        if (account) assertMayManage(account);
      }
    },
  };
}
