import type { Database } from 'better-sqlite3';
import { statement } from '../../../database/statements';
import type { UserId } from '../../../../shared/domain/directory';
import type { Role } from '../../../../shared/domain/roles';
import { uniqueKey } from '../../../../shared/domain/userRules';

/**
 * The sign-in side of the users table (migrations 0020, 0040): the role and the
 * lockout state. The instance server counts sign-ins here; an administrator
 * (accounts.ts) reads the state, unlocks and sets the role.
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

export function getAccount(db: Database, id: UserId): AccountRow | undefined {
  return statement<[number], AccountRow>(db, `SELECT ${ACCOUNT} FROM users WHERE id = ?`).get(id);
}

export function findAccount(db: Database, username: string): AccountRow | undefined {
  return db
    .prepare<[string], AccountRow>(`SELECT ${ACCOUNT} FROM users WHERE username_key = ?`)
    .get(uniqueKey(username));
}

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
 * Counts a login attempt as a failure before its password is checked, in one
 * UPDATE … RETURNING inside an IMMEDIATE transaction: however many attempts run
 * at once (in this process or another), each sees the count the previous one
 * left, so no more than `maxFailures` are ever counted before the lock, and a
 * locked account gets no password check at all. A lock that has run out starts
 * a fresh count. The caller clears the count when the password turns out right.
 */
export function countLoginAttempt(db: Database, username: string, policy: AttemptPolicy): LoginAttempt {
  const expired = 'locked_until IS NOT NULL AND locked_until <= @now';
  const next = `CASE WHEN ${expired} THEN 1 ELSE failed_logins + 1 END`;
  const count = statement<[{ key: string; now: string; max: number; lockUntil: string }], AccountRow>(
    db,
    `UPDATE users SET
       failed_logins = ${next},
       locked_until = CASE WHEN ${next} >= @max THEN @lockUntil WHEN ${expired} THEN NULL ELSE locked_until END
     WHERE username_key = @key AND (locked_until IS NULL OR locked_until <= @now)
     RETURNING ${ACCOUNT}`,
  );
  return db
    .transaction((): LoginAttempt => {
      const key = uniqueKey(username);
      const counted = count.get({
        key,
        now: policy.now,
        max: policy.maxFailures,
        lockUntil: policy.lockUntil,
      });
      if (counted) return { kind: 'counted', account: counted };
      const account = findAccount(db, username);
      if (!account?.locked_until) return { kind: 'unknown' };
      return { kind: 'locked', account, lockedUntil: account.locked_until };
    })
    .immediate();
}

/** After a right password, or by an administrator: no failures, no lock. Writes only if needed. */
export function clearLoginFailures(db: Database, id: UserId): boolean {
  return (
    db
      .prepare(
        'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ? AND (failed_logins <> 0 OR locked_until IS NOT NULL)',
      )
      .run(id).changes > 0
  );
}

/** A successful sign-in, for the users list; not a change to the user, so no version moves. */
export function recordSignIn(db: Database, id: UserId, at: string): void {
  statement(db, 'UPDATE users SET last_sign_in_at = ? WHERE id = ?').run(at, id);
}

export function setRole(db: Database, id: UserId, role: Role): boolean {
  return (
    statement(db, 'UPDATE users SET role = ? WHERE id = ? AND role <> ?').run(role, id, role).changes > 0
  );
}

/** Enabled administrators other than `excluding`: what is left if those lose the role. */
export function otherEnabledAdmins(db: Database, excluding: readonly UserId[]): number {
  const admins = db
    .prepare<[], { id: number }>("SELECT id FROM users WHERE role = 'administrator' AND enabled = 1")
    .all()
    .map((row) => row.id);
  const gone = new Set(excluding);
  return admins.filter((id) => !gone.has(id)).length;
}

/** A user's password hash, enabled flag and Administrator role set at once (the admin command). */
export function resetAdminAccount(db: Database, id: UserId, passwordHash: string, now: string): void {
  statement(
    db,
    `UPDATE users SET password_hash = ?, enabled = 1, role = 'administrator', failed_logins = 0,
       locked_until = NULL, must_change_password = 0, updated_at = ? WHERE id = ?`,
  ).run(passwordHash, now, id);
}
