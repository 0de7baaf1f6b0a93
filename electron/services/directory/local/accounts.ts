import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../../shared/contract/errors';
import type { AccessStatus, UserId, WriteCondition } from '../../../../shared/domain/directory';
import { recordAudit } from './auditLog';
import { assertVersion } from './versions';
import {
  clearLoginFailures,
  getAccount,
  otherEnabledAdmins,
  setAdmin,
  type AccountRow,
} from './authAccountsTable';

export type Accounts = ReturnType<typeof createAccounts>;

/** The sign-in side of an account as an administrator sees it; an expired lock reads as none. */
export function accessStatus(
  account: Pick<AccountRow, 'is_admin' | 'failed_logins' | 'locked_until'>,
  now: Date,
): AccessStatus {
  const locked = account.locked_until !== null && account.locked_until > now.toISOString();
  return {
    admin: account.is_admin === 1,
    failedLogins: account.failed_logins,
    lockedUntil: locked ? account.locked_until : null,
  };
}

/**
 * The administrator flag and the lockout of accounts, as administrators manage
 * them: through the instance server's API, or in Roster on a local instance
 * whose file a server serves.
 */
export function createAccounts(db: Database, now: () => Date, actor: () => string) {
  const requireAccount = (id: UserId) => {
    const account = getAccount(db, id);
    if (!account) throw new RosterError('NOT_FOUND', 'That user no longer exists.', 'userId');
    return account;
  };
  const audit = (action: string, id: UserId, before: object, after: object) =>
    recordAudit(db, now().toISOString(), {
      actor: actor(),
      action,
      targetType: 'user',
      targetId: id,
      before,
      after,
    });

  return {
    status: (id: UserId): AccessStatus => accessStatus(requireAccount(id), now()),

    unlock(id: UserId): AccessStatus {
      db.transaction(() => {
        const before = accessStatus(requireAccount(id), now());
        if (clearLoginFailures(db, id))
          audit('user.unlock', id, before, { failedLogins: 0, lockedUntil: null });
      }).immediate();
      return accessStatus(requireAccount(id), now());
    },

    setAdmin(id: UserId, admin: boolean, condition?: WriteCondition): AccessStatus {
      db.transaction(() => {
        requireAccount(id);
        assertVersion(db, 'users', id, condition);
        if (!admin) assertAdminRemains([id]);
        if (setAdmin(db, id, admin)) audit('user.admin', id, { admin: !admin }, { admin });
        // Immediate: two processes demoting the last two administrators at once cannot both pass the check.
      }).immediate();
      return accessStatus(requireAccount(id), now());
    },

    assertAdminRemains,
  };

  /**
   * Refuses a change that would leave no enabled administrator: deleting,
   * disabling or demoting the last one would lock everybody out of the API.
   * Callers run it inside the write's immediate transaction.
   */
  function assertAdminRemains(ids: readonly UserId[]): void {
    const affected = ids.some((id) => {
      const account = getAccount(db, id);
      return account?.is_admin === 1 && account.enabled === 1;
    });
    if (affected && otherEnabledAdmins(db, ids) === 0)
      throw new RosterError(
        'CONFLICT',
        'That would leave no enabled administrator.',
        ids.length === 1 ? 'userId' : 'userIds',
      );
  }
}
