import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { IssuedTokens } from '../../../shared/api/auth';
import type { Introspection } from '../../../shared/api/oauth';
import { RosterError } from '../../../shared/contract/errors';
import type { UserId } from '../../../shared/domain/directory';
import { signsInWithPassword, type Role } from '../../../shared/domain/roles';
import type { Logger } from '../../common/logger';
import type { PasswordHasher } from '../../secrets/passwordHasher';
import { hashToken, newTokenPair, tokenHashesOf, type TokenTtl } from '../../secrets/tokenSecrets';
import { recordAudit } from '../directory/local/auditLog';
import {
  clearLoginFailures,
  countLoginAttempt,
  getAccount,
  recordSignIn,
  type AccountRow,
} from '../directory/local/authAccountsTable';
import {
  apiTokenByAccessHash,
  deleteSession,
  deleteSessionsOfUser,
  insertSession,
  pruneSessions,
  sessionByAccessHash,
  touchSession,
} from '../directory/local/authSessionsTable';
import type { AddressLimiter } from './addressLimiter';
import type { LockoutPolicy } from './lockout';
import { createTokenFamilies, issuedTokens } from './tokenFamilies';

/** Who a bearer token belongs to. `sessionId` is null for a user's generated API token. */
export interface Principal {
  userId: number;
  username: string;
  role: Role;
  sessionId: number | null;
  /** The password was reset and not yet changed: the account may do nothing else. */
  mustChangePassword: boolean;
}

/**
 * Why a sign-in or a bearer token was refused. `unauthenticated` says nothing about whether the
 * account exists, is locked or is disabled; `retryAfter` (seconds) comes with `rate-limited`.
 */
export class SignInError extends Error {
  constructor(
    readonly reason: 'unauthenticated' | 'rate-limited',
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/** Whole seconds, at least 1, so that a client waiting that long finds the lock gone. */
const secondsUntil = (until: Date, now: Date): number =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

const unauthenticated = (message = 'Sign in: a valid access token is required.') =>
  new SignInError('unauthenticated', message);

export interface SignInDeps {
  db: Database;
  hasher: PasswordHasher;
  now: () => Date;
  lockout: LockoutPolicy;
  addressLimiter: AddressLimiter;
  tokenTtl: TokenTtl;
  logger: Logger;
}

/** Sessions kept per user; an older one ends when a newer login would exceed this. */
export const SESSIONS_PER_USER = 20;
/** How stale a session's "last used" may get before a request writes it again. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * The one answer to a refused sign-in, whatever the reason: an unknown username, a wrong password,
 * a locked or a disabled account, or an API user's password. Each of them also costs one password
 * hash, so neither the answer nor its timing tells a caller which it was. Administrators see the
 * lock in the user's account and the audit log.
 */
const WRONG = 'Wrong username or password, or the account is locked or disabled.';
const TOKEN = /^Bearer ([A-Za-z0-9_-]{1,128})$/;

export type SignInService = ReturnType<typeof createSignInService>;

/**
 * Sign-in, refresh, sign-out and the check of every request's bearer token,
 * over an instance file's sessions and accounts. Tokens are compared by looking
 * up the SHA-256 of the one presented; none is ever logged, and no message says
 * whether a username exists.
 */
export function createSignInService(deps: SignInDeps) {
  const { db, hasher, now, lockout, addressLimiter, tokenTtl, logger } = deps;
  // A hash to check the passwords of unknown usernames against, made once, up front, so that even
  // the first such answer takes as long as a real check.
  const decoy = hasher.hash(randomBytes(16).toString('hex'));
  decoy.catch(() => undefined);

  const families = createTokenFamilies({ db, now, tokenTtl, logger });

  const issue = (account: AccountRow, clientAddress: string): IssuedTokens => {
    const userId = account.id;
    const at = now();
    const pair = newTokenPair(at, tokenTtl);
    db.transaction(() => {
      pruneSessions(db, userId, at.toISOString(), SESSIONS_PER_USER - 1);
      insertSession(db, userId, tokenHashesOf(pair), clientAddress);
      recordSignIn(db, userId, at.toISOString());
    })();
    return issuedTokens(account, pair);
  };

  /** The failure that reached the limit locked the account: the audit log says so. */
  const recordLock = (account: AccountRow, clientAddress: string) => {
    recordAudit(db, now().toISOString(), {
      actor: `login from ${clientAddress}`,
      action: 'user.lock',
      targetType: 'user',
      targetId: account.id,
      after: { failedLogins: account.failed_logins, lockedUntil: account.locked_until },
    });
  };

  /**
   * A password checked as a sign-in checks it: the address limit, the attempt counted before the
   * check, the lock. Answers the account when the password is right.
   */
  async function confirmPassword(
    username: string,
    password: string,
    clientAddress: string,
  ): Promise<AccountRow> {
    const at = now();
    const taken = addressLimiter.take(clientAddress, at.getTime());
    if (!taken.ok)
      throw new SignInError(
        'rate-limited',
        'Too many failed logins from this address. Try again later.',
        secondsUntil(new Date(taken.retryAt), at),
      );
    const attempt = countLoginAttempt(db, username, {
      maxFailures: lockout.maxFailures,
      now: at.toISOString(),
      lockUntil: new Date(at.getTime() + lockout.lockMs).toISOString(),
    });
    // An Invited account has no password to check: it is refused as an unknown one is.
    if (attempt.kind === 'counted' && attempt.account.password_hash === '') {
      await hasher.verify(await decoy, password);
      throw unauthenticated(WRONG);
    }
    if (attempt.kind !== 'counted') {
      // A locked account's password is not checked at all (guesses during a lock teach nothing),
      // but the answer takes as long as a check, as it does for an unknown username.
      if (attempt.kind === 'locked') addressLimiter.giveBack(clientAddress);
      await hasher.verify(await decoy, password);
      throw unauthenticated(WRONG);
    }
    const { account } = attempt;
    if (!(await hasher.verify(account.password_hash, password))) {
      if (account.failed_logins >= lockout.maxFailures && account.locked_until) {
        recordLock(account, clientAddress);
        logger.warn(`account ${account.username} locked after ${account.failed_logins} failed logins`);
      }
      throw unauthenticated(WRONG);
    }
    // API users sign in with tokens only; the answer is the one a wrong password gets, and the
    // attempt stays counted, so nothing tells that this password was right.
    if (!signsInWithPassword(account.role)) throw unauthenticated(WRONG);
    addressLimiter.giveBack(clientAddress);
    clearLoginFailures(db, account.id);
    return account;
  }

  return {
    async login(username: string, password: string, clientAddress: string): Promise<IssuedTokens> {
      const account = await confirmPassword(username, password, clientAddress);
      if (account.enabled !== 1) throw unauthenticated(WRONG);
      return issue(account, clientAddress);
    },

    /** The signed-in caller's current password, checked with the same limits as a sign-in. */
    async confirmOwnPassword(principal: Principal, password: string, clientAddress: string): Promise<void> {
      const account = await confirmPassword(principal.username, password, clientAddress);
      if (account.id !== principal.userId) throw unauthenticated(WRONG);
    },

    /**
     * New tokens for a refresh token of a sign-in or of a generated pair; both rotate. A refresh
     * token used before ends its whole family and is refused like an unknown one.
     */
    refresh(refreshToken: string, clientAddress: string): IssuedTokens {
      const outcome = families.refresh(refreshToken, clientAddress);
      if (outcome.kind !== 'issued')
        throw unauthenticated('That refresh token is not valid any more: sign in again.');
      return outcome.tokens;
    },

    revoke: (token: string): void => families.revoke(token),
    introspect: (token: string): Introspection => families.introspect(token),

    logout(principal: Principal): void {
      if (principal.sessionId === null)
        throw new RosterError(
          'CONFLICT',
          "This is the user's generated API token, not a login session: revoke it with DELETE /api/users/{userId}/tokens.",
        );
      deleteSession(db, principal.sessionId);
    },

    /** After a new password: the user's sessions end, but for `keep` (the one that set it, if it is theirs). */
    endOtherSessions(userId: UserId, keep: number | null): void {
      deleteSessionsOfUser(db, userId, keep ?? undefined);
    },

    /**
     * The owner of the request's bearer token, or a 401. A request that is refused wrote nothing; an
     * accepted one notes when and from where its session was used.
     */
    authenticate(authorization: string | undefined, clientAddress: string): Principal {
      const token = TOKEN.exec(authorization ?? '')?.[1];
      if (!token) throw unauthenticated();
      const hash = hashToken(token);
      const session = sessionByAccessHash(db, hash);
      const found = session
        ? { userId: session.user_id, expiresAt: session.access_expires_at, sessionId: session.id }
        : apiToken(hash);
      if (!found) throw unauthenticated('That access token is not valid: sign in again.');
      if (found.expiresAt <= now().toISOString())
        throw unauthenticated('That access token has expired: refresh it or sign in again.');
      const account = getAccount(db, found.userId);
      if (account?.enabled !== 1) throw unauthenticated('That account is disabled.');
      if (found.sessionId !== null)
        touchSession(db, found.sessionId, now(), clientAddress, TOUCH_INTERVAL_MS);
      return {
        userId: account.id,
        username: account.username,
        role: account.role,
        sessionId: found.sessionId,
        mustChangePassword: account.must_change_password === 1,
      };
    },
  };

  function apiToken(hash: string) {
    const row = apiTokenByAccessHash(db, hash);
    return row && { userId: row.user_id, expiresAt: row.access_expires_at, sessionId: null };
  }
}
