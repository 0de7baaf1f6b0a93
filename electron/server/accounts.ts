import type { Database } from 'better-sqlite3';
import type { UserId } from '../../shared/domain/directory';
import { recordAudit } from '../services/directory/local/auditLog';
import {
  clearLoginFailures,
  getAccount,
  otherEnabledAdmins,
  setAdmin,
} from '../services/directory/local/authAccountsTable';
import { conflict, notFound } from './httpErrors';
import { accessStatus, type AccessStatus } from './lockout';
import { currentActor } from './requestActor';

export type Accounts = ReturnType<typeof createAccounts>;

/** The administrator flag and the lockout of accounts, as administrators manage them. */
export function createAccounts(db: Database, now: () => Date) {
  const requireAccount = (id: UserId) => {
    const account = getAccount(db, id);
    if (!account) throw notFound('That user no longer exists.', 'userId');
    return account;
  };
  const audit = (action: string, id: UserId, before: object, after: object) =>
    recordAudit(db, now().toISOString(), {
      actor: currentActor(),
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
      })();
      return accessStatus(requireAccount(id), now());
    },

    setAdmin(id: UserId, admin: boolean): AccessStatus {
      db.transaction(() => {
        requireAccount(id);
        if (!admin) assertAdminRemains([id]);
        if (setAdmin(db, id, admin)) audit('user.admin', id, { admin: !admin }, { admin });
      })();
      return accessStatus(requireAccount(id), now());
    },

    assertAdminRemains,
  };

  /**
   * Refuses a change that would leave no enabled administrator: deleting,
   * disabling or demoting the last one would lock everybody out of the API.
   */
  function assertAdminRemains(ids: readonly UserId[]): void {
    const affected = ids.some((id) => {
      const account = getAccount(db, id);
      return account?.is_admin === 1 && account.enabled === 1;
    });
    if (affected && otherEnabledAdmins(db, ids) === 0)
      throw conflict('That would leave no enabled administrator.', ids.length === 1 ? 'userId' : 'userIds');
  }
}
