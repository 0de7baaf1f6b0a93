/** When repeated failed logins lock an account, and for how long. */
export interface LockoutPolicy {
  /** The failure that reaches this count locks the account. */
  maxFailures: number;
  lockMs: number;
}

/** Seed 004's numbers: 5 failed logins lock the account for 15 minutes. */
export const DEFAULT_LOCKOUT: LockoutPolicy = Object.freeze({ maxFailures: 5, lockMs: 15 * 60_000 });
