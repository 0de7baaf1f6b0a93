import { randomInt } from 'node:crypto';
import { RosterError } from '../../../../shared/contract/errors';
import {
  DEFAULT_PASSWORD_POLICY,
  generatePassword,
  passwordProblem,
  PasswordPolicySchema,
  type PasswordPolicy,
} from '../../../../shared/domain/passwordPolicy';
import { holds, type Role } from '../../../../shared/domain/roles';
import type { SettingDefinition } from './instanceSettings';
import type { UserRow } from './userRows';

/** The instance's password policy; the default until an Administrator sets one. */
export const PASSWORD_POLICY_SETTING: SettingDefinition<PasswordPolicy> = {
  name: 'passwordPolicy',
  schema: PasswordPolicySchema,
  fallback: DEFAULT_PASSWORD_POLICY,
  damaged: "This instance file's password policy is damaged: set it again.",
};

/** Refuses a password the instance's policy does not allow, naming the rule it breaks. */
export function assertPolicyAllows(policy: PasswordPolicy, password: string, username: string): void {
  const problem = passwordProblem(policy, password, username);
  if (problem !== null) throw new RosterError('INVALID_INPUT', problem, 'password');
}

/** A temporary password that meets `policy`. */
export const temporaryPasswordFor = (policy: PasswordPolicy): string =>
  generatePassword(policy, (n) => randomInt(n));

export function assertMayChangePasswordPolicy(role: Role): void {
  if (!holds(role, 'instance.settings'))
    throw new RosterError('FORBIDDEN', 'Only an Administrator may change the password policy.');
}

/** A user sets their own password only when allowed to, or when they must change it. */
export function assertMaySetOwnPassword(
  user: Pick<UserRow, 'username' | 'may_reset_own_password' | 'must_change_password'>,
): void {
  if (user.may_reset_own_password !== 1 && user.must_change_password !== 1)
    throw new RosterError(
      'FORBIDDEN',
      `An administrator has not allowed ${user.username} to change their own password.`,
      'newPassword',
    );
}
