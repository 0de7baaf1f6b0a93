import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../../shared/contract/errors';
import type { AccessStatus, UserId, WriteCondition } from '../../../../shared/domain/directory';
import { mayManageRole, ROLE_LABELS, type Role } from '../../../../shared/domain/roles';
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

export type Accounts = ReturnType<typeof createAccounts>;

/** The lockout of an account as an administrator sees it; an expired lock reads as none. */
export function accessStatus(
  account: Pick<AccountRow, 'failed_logins' | 'locked_until'>,
  now: Date,
): AccessStatus {
  const locked = account.locked_until !== null && account.locked_until > now.toISOString();
  return { failedLogins: account.failed_logins, lockedUntil: locked ? account.locked_until : null };
}

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

  /** A User manager manages only users below their own rank; an Administrator, everyone. */
  const assertMayManage = (target: Pick<AccountRow, 'username' | 'role'>): void => {
    const role = callerRole();
    if (!mayManageRole(role, target.role))
      throw new RosterError(
        'FORBIDDEN',
        `${capitalized(article(role))} may not change ${target.username}, who is ${article(target.role)}.`,
        'userId',
      );
  };

  /** Whether the caller may give `role` to a user. */
  const assertMayGrant = (role: Role): void => {
    const own = callerRole();
    if (!mayManageRole(own, role))
      throw new RosterError(
        'FORBIDDEN',
        `${capitalized(article(own))} may not give the role ${ROLE_LABELS[role]}.`,
        'role',
      );
  };

  /**
   * Refuses a change that would leave no enabled administrator: deleting,
   * disabling or demoting the last one would lock everybody out of the API.
   */
  const assertAdminRemains = (ids: readonly UserId[]): void => {
    const affected = ids.some((id) => {
      const account = getAccount(db, id);
      return account?.role === 'administrator' && account.enabled === 1;
    });
    if (affected && otherEnabledAdmins(db, ids) === 0)
      throw new RosterError(
        'CONFLICT',
        'That would leave no enabled administrator.',
        ids.length === 1 ? 'userId' : 'userIds',
      );
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

/** "a User manager", "an Auditor": the article follows the sound, not the letter. */
const ARTICLES: Readonly<Record<Role, 'a' | 'an'>> = {
  administrator: 'an',
  userManager: 'a',
  auditor: 'an',
  user: 'a',
  apiUser: 'an',
};
const article = (role: Role): string => `${ARTICLES[role]} ${ROLE_LABELS[role]}`;
const capitalized = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
