import type { Sql } from '../../../database/postgres/sql';
import { assertPolicyAllows, PASSWORD_POLICY_SETTING } from '../rules/passwordRules';
import { instanceSetting } from './instanceSettingsTable';

const policySetting = instanceSetting(PASSWORD_POLICY_SETTING);

export const readPasswordPolicy = policySetting.read;
export const replacedPasswordPolicy = policySetting.replaced;
export const writePasswordPolicy = policySetting.write;

/** Refuses a password the instance's policy does not allow, naming the rule it breaks. */
export async function assertPasswordAllowed(sql: Sql, password: string, username: string): Promise<void> {
  assertPolicyAllows(await readPasswordPolicy(sql), password, username);
}
