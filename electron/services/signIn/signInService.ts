import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { IssuedTokens } from '../../../shared/api/auth';
import type { Introspection } from '../../../shared/api/oauth';
import { RosterError } from '../../../shared/contract/errors';
import type { ApiKeyScope } from '../../../shared/domain/apiKeys';
import { scopeWords, signsInWithPassword, widestScope, type Role } from '../../../shared/domain/roles';
import type { Logger } from '../../common/logger';
import type { PasswordHasher } from '../../secrets/passwordHasher';
import { hashToken, newTokenPair, tokenHashesOf, type TokenTtl } from '../../secrets/tokenSecrets';
import { isExpired } from '../../../shared/domain/apiKeys';
import { apiKeyByHash, apiKeyOfUser, deleteApiKey, touchApiKey } from '../directory/local/apiKeysTable';
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
  insertSession,
  pruneSessions,
  sessionByAccessHash,
  touchSession,
} from '../directory/local/authSessionsTable';
import type { AddressLimiter } from './addressLimiter';
import type { LockoutPolicy } from './lockout';
import { createSignInAudit, type SignInTarget } from './signInAudit';
import { createTokenFamilies, issuedTokens } from './tokenFamilies';

export { apiActor } from './signInAudit';

/**
 * Who a bearer token belongs to. `sessionId` is null for a user's generated pair and for an API key;
 * `scope` is `read` for a read-only API key, else `write`: all the role allows (for an Auditor, who
 * may hold read keys only, that is reading and their own profile).
 */
export interface Principal {
  userId: number;
  username: string;
  role: Role;
  sessionId: number | null;
  scope: ApiKeyScope;
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

  const write = <T>(work: () => T): T => db.transaction(work).immediate();
  const audit = createSignInAudit(db, now);
  const families = createTokenFamilies({ db, now, tokenTtl, logger, audit });

  /**
   * A refused password, in a short write of its own (the attempt was counted before the check, so
   * nothing else is left to change): why, for administrators, and the lock if this failure set it.
   */
  const refuse = (
    target: SignInTarget,
    counted: AccountRow | undefined,
    clientAddress: string,
    reason: string,
  ) => {
    const lockedNow =
      counted?.locked_until && counted.failed_logins >= lockout.maxFailures ? counted : undefined;
    write(() => {
      audit.byAddress('signIn.failure', target, clientAddress, { detail: reason });
      if (lockedNow)
        audit.byAddress('user.lock', target, clientAddress, {
          after: { failedLogins: lockedNow.failed_logins, lockedUntil: lockedNow.locked_until },
          detail: `Locked after ${lockedNow.failed_logins} failed sign-ins.`,
        });
    });
    if (lockedNow)
      logger.warn(`account ${lockedNow.username} locked after ${lockedNow.failed_logins} failed logins`);
    return unauthenticated(WRONG);
  };

  /**
   * A password checked as a sign-in checks it: the address limit, the attempt counted before the
   * check, the lock. Answers the account when the password is right; every refusal but the address
   * limit's (which checks nothing, and would let one address fill the log) is in the audit log.
   */
  async function confirmPassword(
    username: string,
    password: string,
    clientAddress: string,
    purpose: string,
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
    if (attempt.kind !== 'counted') {
      // A locked account's password is not checked at all (guesses during a lock teach nothing),
      // but the answer takes as long as a check, as it does for an unknown username.
      if (attempt.kind === 'locked') addressLimiter.giveBack(clientAddress);
      await hasher.verify(await decoy, password);
      throw attempt.kind === 'locked'
        ? refuse(
            attempt.account,
            undefined,
            clientAddress,
            `${purpose}: the account is locked until ${attempt.lockedUntil}.`,
          )
        : refuse(
            { id: null, username },
            undefined,
            clientAddress,
            `${purpose}: there is no user of that name.`,
          );
    }
    const { account } = attempt;
    // An Invited account has no password to check: it is refused as an unknown one is.
    if (account.password_hash === '') {
      await hasher.verify(await decoy, password);
      throw refuse(account, account, clientAddress, `${purpose}: the invitation was not accepted yet.`);
    }
    if (!(await hasher.verify(account.password_hash, password)))
      throw refuse(account, account, clientAddress, `${purpose}: wrong password.`);
    // API users sign in with tokens only; the answer is the one a wrong password gets, and the
    // attempt stays counted, so nothing tells that this password was right.
    if (!signsInWithPassword(account.role))
      throw refuse(account, account, clientAddress, `${purpose}: an API user signs in with tokens only.`);
    addressLimiter.giveBack(clientAddress);
    return account;
  }

  return {
    async login(username: string, password: string, clientAddress: string): Promise<IssuedTokens> {
      const account = await confirmPassword(username, password, clientAddress, 'Sign-in');
      const at = now();
      const pair = newTokenPair(at, tokenTtl);
      const signedIn = write(() => {
        clearLoginFailures(db, account.id);
        if (getAccount(db, account.id)?.enabled !== 1) {
          audit.byAddress('signIn.failure', account, clientAddress, {
            detail: 'Sign-in: the account is disabled.',
          });
          return false;
        }
        pruneSessions(db, account.id, at.toISOString(), SESSIONS_PER_USER - 1);
        insertSession(db, account.id, tokenHashesOf(pair), clientAddress);
        recordSignIn(db, account.id, at.toISOString());
        audit.byAccount('signIn.success', account, clientAddress);
        return true;
      });
      if (!signedIn) throw unauthenticated(WRONG);
      return issuedTokens(account, pair);
    },

    /** The signed-in caller's current password, checked with the same limits as a sign-in. */
    async confirmOwnPassword(principal: Principal, password: string, clientAddress: string): Promise<void> {
      const account = await confirmPassword(
        principal.username,
        password,
        clientAddress,
        'Current password, to change it',
      );
      if (account.id !== principal.userId) throw unauthenticated(WRONG);
      write(() => clearLoginFailures(db, account.id));
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

    /**
     * Ends what the token belongs to: an API key, or the family of a sign-in or a generated pair.
     * Whoever presents a token holds it: the audit log names its account as the one who ended it.
     */
    revoke(token: string, clientAddress: string): void {
      const key = apiKeyByHash(db, hashToken(token));
      if (!key) return families.revoke(token, clientAddress);
      write(() => {
        const owner = getAccount(db, key.user_id);
        const info = apiKeyOfUser(db, key.user_id, key.id);
        if (deleteApiKey(db, key.user_id, key.id) && owner && info)
          audit.byAccount('apiKey.revoke', owner, clientAddress, {
            before: { keyId: info.id, name: info.name, scope: info.scope, expiresAt: info.expiresAt },
            detail: 'Revoked with the key itself (OAuth revocation).',
          });
      });
    },

    introspect(token: string): Introspection {
      const key = apiKeyByHash(db, hashToken(token));
      if (!key) return families.introspect(token);
      const account = getAccount(db, key.user_id);
      if (account?.enabled !== 1 || isExpired(key.expires_at, now())) return { active: false };
      return {
        active: true,
        sub: String(account.id),
        username: account.username,
        role: account.role,
        scope: scopeWords(narrower(key.scope, widestScope(account.role))),
        token_type: 'api_key',
        ...(key.expires_at === null ? {} : { exp: Math.floor(Date.parse(key.expires_at) / 1000) }),
      };
    },

    logout(principal: Principal, clientAddress: string): void {
      const { sessionId } = principal;
      if (sessionId === null)
        throw new RosterError(
          'CONFLICT',
          'This is an API credential (a generated pair or an API key), not a login session: revoke it instead, at POST /oauth/revoke.',
        );
      write(() => {
        if (deleteSession(db, sessionId))
          audit.byAccount(
            'signIn.signOut',
            { id: principal.userId, username: principal.username },
            clientAddress,
          );
      });
    },

    /**
     * The owner of the request's bearer token, or a 401. A request that is refused wrote nothing; an
     * accepted one notes when and from where its session was used.
     */
    authenticate(authorization: string | undefined, clientAddress: string): Principal {
      const token = TOKEN.exec(authorization ?? '')?.[1];
      if (!token) throw unauthenticated();
      const hash = hashToken(token);
      const found = bearer(hash);
      if (!found) throw unauthenticated('That access token is not valid: sign in again.');
      if (found.expiresAt !== null && found.expiresAt <= now().toISOString())
        throw unauthenticated(
          found.apiKeyId === null
            ? 'That access token has expired: refresh it or sign in again.'
            : 'That API key has expired: ask for a new one.',
        );
      const account = getAccount(db, found.userId);
      if (account?.enabled !== 1) throw unauthenticated('That account is disabled.');
      if (found.sessionId !== null)
        touchSession(db, found.sessionId, now(), clientAddress, TOUCH_INTERVAL_MS);
      if (found.apiKeyId !== null) touchApiKey(db, found.apiKeyId, now(), clientAddress, TOUCH_INTERVAL_MS);
      return {
        userId: account.id,
        username: account.username,
        role: account.role,
        sessionId: found.sessionId,
        scope: found.scope,
        mustChangePassword: account.must_change_password === 1,
      };
    },
  };

  /** A bearer token by its hash: a sign-in's access token, a generated pair's, or an API key. */
  function bearer(hash: string) {
    const session = sessionByAccessHash(db, hash);
    if (session) return credential(session.user_id, session.access_expires_at, { sessionId: session.id });
    const pair = apiTokenByAccessHash(db, hash);
    if (pair) return credential(pair.user_id, pair.access_expires_at, {});
    const key = apiKeyByHash(db, hash);
    return key && credential(key.user_id, key.expires_at, { apiKeyId: key.id, scope: key.scope });
  }
}

function credential(
  userId: number,
  expiresAt: string | null,
  of: { sessionId?: number; apiKeyId?: number; scope?: ApiKeyScope },
) {
  return {
    userId,
    expiresAt,
    sessionId: of.sessionId ?? null,
    apiKeyId: of.apiKeyId ?? null,
    scope: of.scope ?? 'write',
  };
}

/** A key keeps the scope it was made with, but never more than its user's role has now. */
const narrower = (a: ApiKeyScope, b: ApiKeyScope): ApiKeyScope =>
  a === 'read' || b === 'read' ? 'read' : 'write';
