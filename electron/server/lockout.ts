/** When repeated failed logins lock an account, and for how long. */
export interface LockoutPolicy {
  /** The failure that reaches this count locks the account. */
  maxFailures: number;
  lockMs: number;
}

/** Seed 004's numbers: 5 failed logins lock the account for 15 minutes. */
export const DEFAULT_LOCKOUT: LockoutPolicy = Object.freeze({ maxFailures: 5, lockMs: 15 * 60_000 });

/** What GET /api/users/:id/access answers: the sign-in side of an account. */
export interface AccessStatus {
  admin: boolean;
  failedLogins: number;
  /** ISO 8601 UTC while locked, else null (an expired lock reads as null). */
  lockedUntil: string | null;
}

export function accessStatus(
  account: { is_admin: 0 | 1; failed_logins: number; locked_until: string | null },
  now: Date,
): AccessStatus {
  const locked = account.locked_until !== null && account.locked_until > now.toISOString();
  return {
    admin: account.is_admin === 1,
    failedLogins: account.failed_logins,
    lockedUntil: locked ? account.locked_until : null,
  };
}
