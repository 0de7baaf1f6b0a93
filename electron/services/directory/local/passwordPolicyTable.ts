import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../../shared/contract/errors';
import {
  DEFAULT_PASSWORD_POLICY,
  passwordProblem,
  PasswordPolicySchema,
  type PasswordPolicy,
} from '../../../../shared/domain/passwordPolicy';

const NAME = 'passwordPolicy';

/**
 * The instance's password policy, kept in instance_settings (migration 0050); the default until an
 * Administrator sets one. A stored value that no longer parses is a damaged file, not a policy to
 * guess at.
 */
export function readPasswordPolicy(db: Database): PasswordPolicy {
  const row = db
    .prepare<[string], { value: string }>('SELECT value FROM instance_settings WHERE name = ?')
    .get(NAME);
  if (!row) return DEFAULT_PASSWORD_POLICY;
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    stored = undefined;
  }
  const parsed = PasswordPolicySchema.safeParse(stored);
  if (!parsed.success)
    throw new RosterError('BAD_FILE', "This instance file's password policy is damaged: set it again.");
  return parsed.data;
}

/**
 * The stored policy a new one replaces, for the audit log. Setting the policy again is how a
 * damaged one is repaired, so a damaged one reads as such here instead of refusing the repair.
 */
export function replacedPasswordPolicy(db: Database): PasswordPolicy | { damaged: true } {
  try {
    return readPasswordPolicy(db);
  } catch (error) {
    if (error instanceof RosterError && error.code === 'BAD_FILE') return { damaged: true };
    throw error;
  }
}

export function writePasswordPolicy(db: Database, policy: PasswordPolicy): void {
  db.prepare(
    'INSERT INTO instance_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  ).run(NAME, JSON.stringify(policy));
}

/** Refuses a password the instance's policy does not allow, naming the rule it breaks. */
export function assertPasswordAllowed(db: Database, password: string, username: string): void {
  const problem = passwordProblem(readPasswordPolicy(db), password, username);
  if (problem !== null) throw new RosterError('INVALID_INPUT', problem, 'password');
}
