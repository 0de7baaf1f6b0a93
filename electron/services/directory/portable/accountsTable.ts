import type { UserId } from '../../../../shared/domain/directory';
import type { Role } from '../../../../shared/domain/roles';
import { uniqueKey } from '../../../../shared/domain/userRules';
import { all, get, run, type Work } from '../../../database/portable/steps';

/**
 * The sign-in side of the users table: the role and the lockout state. The instance server counts
 * sign-ins here; an administrator (accounts.ts) reads the state, unlocks and sets the role.
 */
export interface AccountRow {
  id: number;
  username: string;
  password_hash: string;
  enabled: 0 | 1;
  role: Role;
  failed_logins: number;
  /** ISO 8601 UTC, compared as text: every timestamp here has the same `toISOString` shape. */
  locked_until: string | null;
  must_change_password: 0 | 1;
}

const ACCOUNT =
  'id, username, password_hash, enabled, role, failed_logins, locked_until, must_change_password';

export const getAccount = (id: UserId): Work<AccountRow | undefined> =>
  get<AccountRow>(`SELECT ${ACCOUNT} FROM users WHERE id = ?`, id);

export const findAccount = (username: string): Work<AccountRow | undefined> =>
  get<AccountRow>(`SELECT ${ACCOUNT} FROM users WHERE username_key = ?`, uniqueKey(username));

export type LoginAttempt =
  /** No such username. */
  | { kind: 'unknown' }
  /** Locked until `lockedUntil`: the attempt was not counted and no password may be checked. */
  | { kind: 'locked'; account: AccountRow; lockedUntil: string }
  /** Counted as a failure in advance; `account` holds the new count (and lock, if this one set it). */
  | { kind: 'counted'; account: AccountRow };

export interface AttemptPolicy {
  /** The count at which the account locks. */
  maxFailures: number;
  now: string;
  /** When a lock set by this attempt ends. */
  lockUntil: string;
}

/**
 * Counts a login attempt as a failure before its password is checked, in one UPDATE … RETURNING
 * inside a write transaction (run it in one): however many attempts run at once, in any process,
 * each sees the count the previous one left, so no more than `maxFailures` are ever counted before
 * the lock, and a locked account gets no password check at all. A lock that has run out starts a
 * fresh count. The caller clears the count when the password turns out right.
 */
export function* countLoginAttempt(username: string, policy: AttemptPolicy): Work<LoginAttempt> {
  const key = uniqueKey(username);
  const { now, maxFailures, lockUntil } = policy;
  const counted = yield* get<AccountRow>(
    `UPDATE users SET
       failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN 1 ELSE failed_logins + 1 END,
       locked_until = CASE
         WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN 1 ELSE failed_logins + 1 END) >= ?
           THEN ?
         WHEN locked_until IS NOT NULL AND locked_until <= ? THEN NULL
         ELSE locked_until END
     WHERE username_key = ? AND (locked_until IS NULL OR locked_until <= ?)
     RETURNING ${ACCOUNT}`,
    now,
    now,
    maxFailures,
    lockUntil,
    now,
    key,
    now,
  );
  if (counted) return { kind: 'counted', account: counted };
  const account = yield* findAccount(username);
  if (!account?.locked_until) return { kind: 'unknown' };
  return { kind: 'locked', account, lockedUntil: account.locked_until };
}

/** After a right password, or by an administrator: no failures, no lock. Writes only if needed. */
export function* clearLoginFailures(id: UserId): Work<boolean> {
  return (
    (yield* run(
      'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ? AND (failed_logins <> 0 OR locked_until IS NOT NULL)',
      id,
    )) > 0
  );
}

/** A successful sign-in, for the users list; not a change to the user, so no version moves. */
export const recordSignIn = (id: UserId, at: string): Work<number> =>
  run('UPDATE users SET last_sign_in_at = ? WHERE id = ?', at, id);

export function* setRole(id: UserId, role: Role): Work<boolean> {
  return (yield* run('UPDATE users SET role = ? WHERE id = ? AND role <> ?', role, id, role)) > 0;
}

/** Enabled administrators other than `excluding`: what is left if those lose the role. */
export function* otherEnabledAdmins(excluding: readonly UserId[]): Work<number> {
  const admins = yield* all<{ id: number }>(
    "SELECT id FROM users WHERE role = 'administrator' AND enabled = 1",
  );
  const gone = new Set(excluding);
  return admins.filter((row) => !gone.has(row.id)).length;
}

/** A user's password hash, enabled flag and Administrator role set at once (the admin command). */
export const resetAdminAccount = (id: UserId, passwordHash: string, now: string): Work<number> =>
  run(
    `UPDATE users SET password_hash = ?, enabled = 1, role = 'administrator', failed_logins = 0,
       locked_until = NULL, must_change_password = 0, updated_at = ? WHERE id = ?`,
    passwordHash,
    now,
    id,
  );
