import type { Database } from 'better-sqlite3';
import { assertPolicyAllows, PASSWORD_POLICY_SETTING } from '../rules/passwordRules';
import { instanceSetting } from './instanceSettingsTable';

const { name, schema, fallback, damaged } = PASSWORD_POLICY_SETTING;
const policySetting = instanceSetting(name, schema, fallback, damaged);

export const readPasswordPolicy = policySetting.read;
export const replacedPasswordPolicy = policySetting.replaced;
export const writePasswordPolicy = policySetting.write;

/** Refuses a password the instance's policy does not allow, naming the rule it breaks. */
export function assertPasswordAllowed(db: Database, password: string, username: string): void {
  assertPolicyAllows(readPasswordPolicy(db), password, username);
}
