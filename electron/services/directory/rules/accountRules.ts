import { RosterError } from '../../../../shared/contract/errors';
import type { AccessStatus, UserId } from '../../../../shared/domain/directory';
import { mayManageRole, ROLE_LABELS, type Role } from '../../../../shared/domain/roles';

/**
 * The rules about who may do what to an account, as both storages apply them: each storage reads
 * what a rule needs inside its write transaction and hands it here.
 */

/** The lockout of an account as an administrator sees it; an expired lock reads as none. */
export function accessStatus(
  account: { failed_logins: number; locked_until: string | null },
  now: Date,
): AccessStatus {
  const locked = account.locked_until !== null && account.locked_until > now.toISOString();
  return { failedLogins: account.failed_logins, lockedUntil: locked ? account.locked_until : null };
}

/** A User manager manages only users below their own rank; an Administrator, everyone. */
export function assertMayManage(callerRole: Role, target: { username: string; role: Role }): void {
  if (!mayManageRole(callerRole, target.role))
    throw new RosterError(
      'FORBIDDEN',
      `${capitalized(article(callerRole))} may not change ${target.username}, who is ${article(target.role)}.`,
      'userId',
    );
}

/** Whether the caller may give `role` to a user. */
export function assertMayGrant(callerRole: Role, role: Role): void {
  if (!mayManageRole(callerRole, role))
    throw new RosterError(
      'FORBIDDEN',
      `${capitalized(article(callerRole))} may not give the role ${ROLE_LABELS[role]}.`,
      'role',
    );
}

/**
 * Refuses a change to `ids`, among whom is an enabled administrator, that would leave no enabled
 * administrator (`others` counts those not among `ids`): deleting, disabling or demoting the last
 * one would lock everybody out of the API.
 */
export function assertAdminLeft(ids: readonly UserId[], others: number): void {
  if (others === 0)
    throw new RosterError(
      'CONFLICT',
      'That would leave no enabled administrator.',
      ids.length === 1 ? 'userId' : 'userIds',
    );
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
