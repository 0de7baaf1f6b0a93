import { holds, mayManageRole, ROLE_LABELS, type Role } from '../../../shared/domain/roles';

/** One line under the role select: what the role lets its holder do. */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  administrator: 'Manages every user, group and role.',
  userManager: 'Manages users and groups, except Administrators and User managers.',
  auditor: 'Reads users and groups; changes nothing.',
  user: 'Manages only their own account.',
  apiUser: 'Signs in with API tokens only, never with a password.',
};

/** "An Auditor", "A User manager": every label that starts with a U says "you". */
const article = (role: Role) => (/^[AEIO]/.test(ROLE_LABELS[role]) ? 'An' : 'A');

/**
 * Why a user's form is read-only for the caller, e.g. "A User manager cannot change
 * Administrators."; undefined when the caller may change the user.
 */
export function unmanageableNote(caller: Role, target: Role): string | undefined {
  if (mayManageRole(caller, target)) return undefined;
  if (!holds(caller, 'directory.write'))
    return `${article(caller)} ${ROLE_LABELS[caller]} cannot change users.`;
  const others = caller === target ? 'other ' : '';
  return `${article(caller)} ${ROLE_LABELS[caller]} cannot change ${others}${ROLE_LABELS[target]}s.`;
}

/** What the dialog says once at its top when the caller's role may not change anything. */
export function readOnlyNotice(role: Role, username: string | undefined): string {
  const who = username
    ? `Signed in as ${username} with the role ${ROLE_LABELS[role]}`
    : `Signed in with the role ${ROLE_LABELS[role]}`;
  return holds(role, 'directory.read')
    ? `${who}: you can read users and groups, not change them.`
    : `${who}, which can neither read nor change users and groups.`;
}
