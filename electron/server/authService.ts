import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../common/logger';
import type { PasswordHasher } from '../secrets/passwordHasher';
import { hashToken, newTokenPair, type TokenTtl } from '../secrets/tokenSecrets';
import { recordAudit } from '../services/directory/local/auditLog';
import {
  clearLoginFailures,
  countLoginAttempt,
  getAccount,
  type AccountRow,
} from '../services/directory/local/authAccountsTable';
import {
  apiTokenByAccessHash,
  deleteSession,
  insertSession,
  pruneSessions,
  rotateSession,
  sessionByAccessHash,
  sessionByRefreshHash,
} from '../services/directory/local/authSessionsTable';
import type { AddressLimiter } from './addressLimiter';
import { conflict, HttpError, secondsUntil, unauthenticated } from './httpErrors';
import type { LockoutPolicy } from './lockout';
import type { Principal } from './router';

export interface AuthDeps {
  db: Database;
  hasher: PasswordHasher;
  now: () => Date;
  lockout: LockoutPolicy;
  addressLimiter: AddressLimiter;
  tokenTtl: TokenTtl;
  logger: Logger;
}

/** What a login or a refresh answers (OAuth2's token response, plus the expiry times). */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds the access token lives. */
  expiresIn: number;
  accessExpiresAt: string;
  refreshExpiresAt: string;
}

/** Sessions kept per user; an older one ends when a newer login would exceed this. */
export const SESSIONS_PER_USER = 20;

const WRONG = 'Wrong username or password.';
const TOKEN = /^Bearer ([A-Za-z0-9_-]{1,128})$/;

export type AuthService = ReturnType<typeof createAuthService>;

/**
 * Sign-in, refresh, sign-out and the check of every request's bearer token.
 * Tokens are compared by looking up the SHA-256 of the one presented; none is
 * ever logged, and no message says whether a username exists.
 */
export function createAuthService(deps: AuthDeps) {
  const { db, hasher, now, lockout, addressLimiter, tokenTtl, logger } = deps;
  // A hash to check the passwords of unknown usernames against, made once, up front, so that even
  // the first such answer takes as long as a real check.
  const decoy = hasher.hash(randomBytes(16).toString('hex'));
  decoy.catch(() => undefined);

  const issue = (userId: number, replace?: number): IssuedTokens => {
    const at = now();
    const pair = newTokenPair(at, tokenTtl);
    const hashes = {
      accessHash: hashToken(pair.accessToken),
      refreshHash: hashToken(pair.refreshToken),
      createdAt: pair.createdAt,
      accessExpiresAt: pair.accessExpiresAt,
      refreshExpiresAt: pair.refreshExpiresAt,
    };
    db.transaction(() => {
      if (replace === undefined) {
        pruneSessions(db, userId, at.toISOString(), SESSIONS_PER_USER - 1);
        insertSession(db, userId, hashes);
      } else rotateSession(db, replace, hashes);
    })();
    return {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      tokenType: 'Bearer',
      expiresIn: tokenTtl.accessSeconds,
      accessExpiresAt: pair.accessExpiresAt,
      refreshExpiresAt: pair.refreshExpiresAt,
    };
  };

  const locked = (until: string, at: Date) =>
    new HttpError(
      423,
      'LOCKED',
      'Too many failed logins: this account is locked for now. Try again later or ask an administrator to unlock it.',
      undefined,
      secondsUntil(new Date(until), at),
    );

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

  return {
    async login(username: string, password: string, clientAddress: string): Promise<IssuedTokens> {
      const at = now();
      const taken = addressLimiter.take(clientAddress, at.getTime());
      if (!taken.ok)
        throw new HttpError(
          429,
          'RATE_LIMITED',
          'Too many failed logins from this address. Try again later.',
          undefined,
          secondsUntil(new Date(taken.retryAt), at),
        );
      const attempt = countLoginAttempt(db, username, {
        maxFailures: lockout.maxFailures,
        now: at.toISOString(),
        lockUntil: new Date(at.getTime() + lockout.lockMs).toISOString(),
      });
      if (attempt.kind === 'locked') {
        addressLimiter.giveBack(clientAddress);
        throw locked(attempt.lockedUntil, at);
      }
      if (attempt.kind === 'unknown') {
        // As slow as a real check, so the answer's timing does not tell which usernames exist.
        await hasher.verify(await decoy, password);
        throw unauthenticated(WRONG);
      }
      const { account } = attempt;
      if (!(await hasher.verify(account.password_hash, password))) {
        if (account.failed_logins >= lockout.maxFailures && account.locked_until) {
          recordLock(account, clientAddress);
          logger.warn(`account ${account.username} locked after ${account.failed_logins} failed logins`);
          throw locked(account.locked_until, at);
        }
        throw unauthenticated(WRONG);
      }
      addressLimiter.giveBack(clientAddress);
      clearLoginFailures(db, account.id);
      if (account.enabled !== 1) throw new HttpError(403, 'FORBIDDEN', 'This account is disabled.');
      return issue(account.id);
    },

    refresh(refreshToken: string): IssuedTokens {
      const session = sessionByRefreshHash(db, hashToken(refreshToken));
      const invalid = unauthenticated('That refresh token is not valid any more: sign in again.');
      if (!session) throw invalid;
      if (session.refresh_expires_at <= now().toISOString()) {
        deleteSession(db, session.id);
        throw invalid;
      }
      if (getAccount(db, session.user_id)?.enabled !== 1) throw invalid;
      return issue(session.user_id, session.id);
    },

    logout(principal: Principal): void {
      if (principal.sessionId === null)
        throw conflict(
          "This is the user's generated API token, not a login session: revoke it with DELETE /api/users/:id/tokens.",
        );
      deleteSession(db, principal.sessionId);
    },

    /** The owner of the request's bearer token, or a 401. Reads only: a request that is refused wrote nothing. */
    authenticate(authorization: string | undefined): Principal {
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
      return {
        userId: account.id,
        username: account.username,
        admin: account.is_admin === 1,
        sessionId: found.sessionId,
      };
    },
  };

  function apiToken(hash: string) {
    const row = apiTokenByAccessHash(db, hash);
    return row && { userId: row.user_id, expiresAt: row.access_expires_at, sessionId: null };
  }
}
