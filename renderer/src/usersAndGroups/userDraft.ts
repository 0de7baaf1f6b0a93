import type { UserChanges, UserDetail } from '../../../shared/domain/directory';
import type { PasswordPolicy } from '../../../shared/domain/passwordPolicy';
import { DEFAULT_ROLE, type Role } from '../../../shared/domain/roles';
import { DisplayNameSchema, EmailSchema, UsernameSchema } from '../../../shared/domain/userRules';
import { ruleError } from '../common/fieldError';
import { passwordError } from './passwordPolicy';

export interface UserDraft {
  username: string;
  password: string;
  displayName: string;
  email: string;
  enabled: boolean;
  groupIds: number[];
  role: Role;
  mayResetOwnPassword: boolean;
}

export type DraftField = keyof UserDraft;
export type FieldErrors = Partial<Record<DraftField, string>>;

export const emptyDraft = (username: string): UserDraft => ({
  username,
  password: '',
  displayName: '',
  email: '',
  enabled: true,
  groupIds: [],
  role: DEFAULT_ROLE,
  // As the instance makes every new account; the create takes no choice of it.
  mayResetOwnPassword: true,
});

/** An existing user's values; the password stays empty, meaning "unchanged". */
export const draftOf = (user: UserDetail): UserDraft => ({
  username: user.username,
  password: '',
  displayName: user.displayName,
  email: user.email,
  enabled: user.enabled,
  groupIds: user.groups.map((group) => group.id),
  role: user.role,
  mayResetOwnPassword: user.mayResetOwnPassword,
});

const sameIds = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length &&
  [...a].sort((x, y) => x - y).every((id, i) => id === [...b].sort((x, y) => x - y)[i]);

export function isDirty(original: UserDraft, draft: UserDraft): boolean {
  return (
    draft.username !== original.username ||
    draft.password !== '' ||
    draft.displayName !== original.displayName ||
    draft.email !== original.email ||
    draft.enabled !== original.enabled ||
    !sameIds(draft.groupIds, original.groupIds) ||
    draft.role !== original.role ||
    draft.mayResetOwnPassword !== original.mayResetOwnPassword
  );
}

/**
 * The shared rules and the instance's password policy (undefined until it is read), checked as the
 * admin types; an existing user's empty password means "keep it".
 */
export function validateDraft(
  draft: UserDraft,
  isNew: boolean,
  policy: PasswordPolicy | undefined,
): FieldErrors {
  const checks: [DraftField, string | undefined][] = [
    ['username', isNew ? ruleError(UsernameSchema, draft.username) : undefined],
    [
      'password',
      isNew || draft.password !== '' ? passwordError(policy, draft.password, draft.username) : undefined,
    ],
    ['displayName', ruleError(DisplayNameSchema, draft.displayName)],
    ['email', ruleError(EmailSchema, draft.email)],
  ];
  const errors: FieldErrors = {};
  for (const [field, message] of checks) if (message !== undefined) errors[field] = message;
  return errors;
}

export const groupsChanged = (original: UserDraft, draft: UserDraft) =>
  !sameIds(original.groupIds, draft.groupIds);

/** The role is saved on its own (directory.users.setRole), after the fields and the groups. */
export const roleChanged = (original: UserDraft, draft: UserDraft) => original.role !== draft.role;

/** The fields the admin edited, and only those: a save leaves the others as the instance has them. */
export function editsOf(original: UserDraft, draft: UserDraft): UserChanges {
  return {
    ...(draft.displayName === original.displayName ? {} : { displayName: draft.displayName }),
    ...(draft.email === original.email ? {} : { email: draft.email }),
    ...(draft.enabled === original.enabled ? {} : { enabled: draft.enabled }),
    ...(draft.mayResetOwnPassword === original.mayResetOwnPassword
      ? {}
      : { mayResetOwnPassword: draft.mayResetOwnPassword }),
    ...(draft.password === '' ? {} : { password: draft.password }),
  };
}

/**
 * The admin's group edits applied to `current` (the groups the user has now): what they added is
 * added and what they removed is removed, while groups someone else changed meanwhile stay changed.
 */
export function mergedGroups(current: readonly number[], original: UserDraft, draft: UserDraft): number[] {
  const removed = new Set(original.groupIds.filter((id) => !draft.groupIds.includes(id)));
  const added = draft.groupIds.filter((id) => !original.groupIds.includes(id));
  return [...new Set([...current.filter((id) => !removed.has(id)), ...added])];
}
