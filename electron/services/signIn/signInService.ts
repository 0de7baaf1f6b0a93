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
import type { Work } from '../../database/portable/steps';
import type { WorkRunner } from '../../database/portable/workRunner';
import {
  apiKeyByHash,
  apiKeyOfUser,
  apiKeyUseStale,
  deleteApiKey,
  touchApiKey,
} from '../directory/portable/apiKeysTable';
import {
  clearLoginFailures,
  countLoginAttempt,
  getAccount,
  recordSignIn,
  type AccountRow,
  type LoginAttempt,
} from '../directory/portable/accountsTable';
import {
  deleteSession,
  insertSession,
  pruneSessions,
  sessionByAccessHash,
  touchSession,
} from '../directory/portable/sessionsTable';
import { pairByAccessHash } from '../directory/portable/tokenPairsTable';
import { giveBackAddressAttempt, takeAddressAttempt, type AddressLimit, type Take } from './addressLimits';
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
  /** The instance's SQLite file or PostgreSQL database. */
  storage: WorkRunner;
  hasher: PasswordHasher;
  now: () => Date;
  lockout: LockoutPolicy;
  addressLimit: AddressLimit;
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
 * Sign-in, refresh, sign-out and the check of every request's bearer token, over an instance's
 * sessions and accounts. Tokens are compared by looking up the SHA-256 of the one presented; none
 * is ever logged, and no message says whether a username exists. Every count (an account's failures,
 * an address's) is kept in the instance, so that any number of server processes share it.
 */
export function createSignInService(deps: SignInDeps) {
  const { storage, hasher, now, lockout, addressLimit, tokenTtl, logger } = deps;
  // A hash to check the passwords of unknown usernames against, made once, up front, so that even
  // the first such answer takes as long as a real check.
  const decoy = hasher.hash(randomBytes(16).toString('hex'));
  decoy.catch(() => undefined);

  const audit = createSignInAudit(now);
  const families = createTokenFamilies({ storage, now, tokenTtl, logger, audit });

  /**
   * A refused password, in a short write of its own (the attempt was counted before the check, so
   * nothing else is left to change): why, for administrators, and the lock if this failure set it.
   */
  const refuse = async (
    target: SignInTarget,
    counted: AccountRow | undefined,
    clientAddress: string,
    reason: string,
  ) => {
    const lockedNow =
      counted?.locked_until && counted.failed_logins >= lockout.maxFailures ? counted : undefined;
    await storage.write(function* () {
      yield* audit.byAddress('signIn.failure', target, clientAddress, { detail: reason });
      if (lockedNow)
        yield* audit.byAddress('user.lock', target, clientAddress, {
          after: { failedLogins: lockedNow.failed_logins, lockedUntil: lockedNow.locked_until },
          detail: `Locked after ${lockedNow.failed_logins} failed sign-ins.`,
        });
    });
    if (lockedNow)
      logger.warn(`account ${lockedNow.username} locked after ${lockedNow.failed_logins} failed logins`);
    return unauthenticated(WRONG);
  };

  /**
   * The address's attempt and the account's, counted in one write before the password is checked.
   * A locked account's attempt is given back to the address at once: nothing will be checked.
   */
  function* countAttempt(username: string, clientAddress: string, at: Date): Work<Take | LoginAttempt> {
    const taken = yield* takeAddressAttempt(clientAddress, at.getTime(), addressLimit);
    if (!taken.ok) return taken;
    const attempt = yield* countLoginAttempt(username, {
      maxFailures: lockout.maxFailures,
      now: at.toISOString(),
      lockUntil: new Date(at.getTime() + lockout.lockMs).toISOString(),
    });
    if (attempt.kind === 'locked') yield* giveBackAddressAttempt(clientAddress);
    return attempt;
  }

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
    const attempt = await storage.write(() => countAttempt(username, clientAddress, at));
    if ('ok' in attempt) {
      if (attempt.ok) throw new Error('An attempt the address limit let through is always counted.');
      throw new SignInError(
        'rate-limited',
        'Too many failed logins from this address. Try again later.',
        secondsUntil(new Date(attempt.retryAt), at),
      );
    }
    if (attempt.kind !== 'counted') {
      // A locked account's password is not checked at all (guesses during a lock teach nothing),
      // but the answer takes as long as a check, as it does for an unknown username.
      await hasher.verify(await decoy, password);
      throw attempt.kind === 'locked'
        ? await refuse(
            attempt.account,
            undefined,
            clientAddress,
            `${purpose}: the account is locked until ${attempt.lockedUntil}.`,
          )
        : await refuse(
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
      throw await refuse(account, account, clientAddress, `${purpose}: the invitation was not accepted yet.`);
    }
    if (!(await hasher.verify(account.password_hash, password)))
      throw await refuse(account, account, clientAddress, `${purpose}: wrong password.`);
    // API users sign in with tokens only; the answer is the one a wrong password gets, and the
    // attempt stays counted, so nothing tells that this password was right.
    if (!signsInWithPassword(account.role))
      throw await refuse(
        account,
        account,
        clientAddress,
        `${purpose}: an API user signs in with tokens only.`,
      );
    return account;
  }

  /** A right password: the account's failures cleared, the address's attempt given back. */
  function* confirmed(account: AccountRow, clientAddress: string): Work<void> {
    yield* clearLoginFailures(account.id);
    yield* giveBackAddressAttempt(clientAddress);
  }

  return {
    async login(username: string, password: string, clientAddress: string): Promise<IssuedTokens> {
      const account = await confirmPassword(username, password, clientAddress, 'Sign-in');
      const at = now();
      const pair = newTokenPair(at, tokenTtl);
      const signedIn = await storage.write(function* () {
        yield* confirmed(account, clientAddress);
        if ((yield* getAccount(account.id))?.enabled !== 1) {
          yield* audit.byAddress('signIn.failure', account, clientAddress, {
            detail: 'Sign-in: the account is disabled.',
          });
          return false;
        }
        yield* pruneSessions(account.id, at.toISOString(), SESSIONS_PER_USER - 1);
        yield* insertSession(account.id, tokenHashesOf(pair), clientAddress);
        yield* recordSignIn(account.id, at.toISOString());
        yield* audit.byAccount('signIn.success', account, clientAddress);
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
      await storage.write(() => confirmed(account, clientAddress));
    },

    /**
     * New tokens for a refresh token of a sign-in or of a generated pair; both rotate. A refresh
     * token used before ends its whole family and is refused like an unknown one.
     */
    async refresh(refreshToken: string, clientAddress: string): Promise<IssuedTokens> {
      const outcome = await families.refresh(refreshToken, clientAddress);
      if (outcome.kind !== 'issued')
        throw unauthenticated('That refresh token is not valid any more: sign in again.');
      return outcome.tokens;
    },

    /**
     * Ends what the token belongs to: an API key, or the family of a sign-in or a generated pair.
     * Whoever presents a token holds it: the audit log names its account as the one who ended it.
     */
    async revoke(token: string, clientAddress: string): Promise<void> {
      const key = await storage.read(() => apiKeyByHash(hashToken(token)));
      if (!key) return families.revoke(token, clientAddress);
      await storage.write(function* () {
        const owner = yield* getAccount(key.user_id);
        const info = yield* apiKeyOfUser(key.user_id, key.id);
        if ((yield* deleteApiKey(key.user_id, key.id)) && owner && info)
          yield* audit.byAccount('apiKey.revoke', owner, clientAddress, {
            before: { keyId: info.id, name: info.name, scope: info.scope, expiresAt: info.expiresAt },
            detail: 'Revoked with the key itself (OAuth revocation).',
          });
      });
    },

    async introspect(token: string): Promise<Introspection> {
      const key = await storage.read(() => apiKeyByHash(hashToken(token)));
      if (!key) return families.introspect(token);
      const account = await storage.read(() => getAccount(key.user_id));
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

    async logout(principal: Principal, clientAddress: string): Promise<void> {
      const { sessionId } = principal;
      if (sessionId === null)
        throw new RosterError(
          'CONFLICT',
          'This is an API credential (a generated pair or an API key), not a login session: revoke it instead, at POST /oauth/revoke.',
        );
      await storage.write(function* () {
        if (yield* deleteSession(sessionId))
          yield* audit.byAccount(
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
    async authenticate(authorization: string | undefined, clientAddress: string): Promise<Principal> {
      const token = TOKEN.exec(authorization ?? '')?.[1];
      if (!token) throw unauthenticated();
      const found = await storage.read(() => bearer(hashToken(token), now(), clientAddress));
      if (!found) throw unauthenticated('That access token is not valid: sign in again.');
      const { credential: held, account } = found;
      if (held.expiresAt !== null && held.expiresAt <= now().toISOString())
        throw unauthenticated(
          held.apiKeyId === null
            ? 'That access token has expired: refresh it or sign in again.'
            : 'That API key has expired: ask for a new one.',
        );
      if (account?.enabled !== 1) throw unauthenticated('That account is disabled.');
      const { sessionId, apiKeyId } = held;
      // Most requests find their use noted already and write nothing; the test is repeated inside
      // the write, which a parallel request may have made first.
      if (found.stale)
        await storage.write(function* () {
          if (sessionId !== null) yield* touchSession(sessionId, now(), clientAddress, TOUCH_INTERVAL_MS);
          if (apiKeyId !== null) yield* touchApiKey(apiKeyId, now(), clientAddress, TOUCH_INTERVAL_MS);
        });
      return {
        userId: account.id,
        username: account.username,
        role: account.role,
        sessionId,
        scope: held.scope,
        mustChangePassword: account.must_change_password === 1,
      };
    },
  };
}

/**
 * A bearer token by its hash (a sign-in's access token, a generated pair's, or an API key), its
 * account, and whether this use of it is to be noted.
 */
function* bearer(hash: string, at: Date, clientAddress: string) {
  const session = yield* sessionByAccessHash(hash);
  const pair = session ? undefined : yield* pairByAccessHash(hash);
  const key = session || pair ? undefined : yield* apiKeyByHash(hash);
  const held = session
    ? credential(session.user_id, session.access_expires_at, { sessionId: session.id })
    : pair
      ? credential(pair.user_id, pair.access_expires_at, {})
      : key && credential(key.user_id, key.expires_at, { apiKeyId: key.id, scope: key.scope });
  if (!held) return undefined;
  const stale = session
    ? session.last_used_at < new Date(at.getTime() - TOUCH_INTERVAL_MS).toISOString()
    : key !== undefined && apiKeyUseStale(key, at, clientAddress, TOUCH_INTERVAL_MS);
  return { credential: held, account: yield* getAccount(held.userId), stale };
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
