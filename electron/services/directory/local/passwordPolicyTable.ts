import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../../shared/contract/errors';
import {
  DEFAULT_PASSWORD_POLICY,
  passwordProblem,
  PasswordPolicySchema,
} from '../../../../shared/domain/passwordPolicy';
import { instanceSetting } from './instanceSettingsTable';

/** The instance's password policy; the default until an Administrator sets one. */
const policySetting = instanceSetting(
  'passwordPolicy',
  PasswordPolicySchema,
  DEFAULT_PASSWORD_POLICY,
  "This instance file's password policy is damaged: set it again.",
);

export const readPasswordPolicy = policySetting.read;
export const replacedPasswordPolicy = policySetting.replaced;
export const writePasswordPolicy = policySetting.write;

/** Refuses a password the instance's policy does not allow, naming the rule it breaks. */
export function assertPasswordAllowed(db: Database, password: string, username: string): void {
  const problem = passwordProblem(readPasswordPolicy(db), password, username);
  if (problem !== null) throw new RosterError('INVALID_INPUT', problem, 'password');
}
