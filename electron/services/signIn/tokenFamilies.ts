import type { Database } from 'better-sqlite3';
import type { IssuedTokens } from '../../../shared/api/auth';
import type { Introspection } from '../../../shared/api/oauth';
import { scopeOf } from '../../../shared/domain/roles';
import type { Logger } from '../../common/logger';
import {
  familyEnd,
  hashToken,
  newTokenPair,
  tokenHashesOf,
  type GeneratedTokenPair,
  type TokenTtl,
} from '../../secrets/tokenSecrets';
import { getAccount, type AccountRow } from '../directory/local/authAccountsTable';
import {
  deleteSession,
  rotateSession,
  sessionByAccessHash,
  sessionByRefreshHash,
} from '../directory/local/authSessionsTable';
import {
  familyOfUsedRefresh,
  markRefreshUsed,
  type RefreshFamily,
} from '../directory/local/refreshFamiliesTable';
import { deleteTokenHashes, pairByRefreshHash, rotatePair, tokenInfo } from '../directory/local/tokensTable';
import type { SignInAudit } from './signInAudit';

export interface TokenFamiliesDeps {
  db: Database;
  now: () => Date;
  tokenTtl: TokenTtl;
  logger: Logger;
  audit: SignInAudit;
}

/** What a refresh came to; the caller turns the refusals into its own answer. */
export type RefreshOutcome =
  | { kind: 'issued'; tokens: IssuedTokens }
  /** Unknown, expired, or its account disabled. */
  | { kind: 'invalid' }
  /** Already used once: its whole family was ended, in case a thief holds the newer one. */
  | { kind: 'replayed' };

/** Where a presented token stands, whichever table holds it. */
type Found =
  | { family: { sessionId: number }; userId: number; kind: 'access' | 'refresh'; expiresAt: string }
  | { family: { pairUserId: number }; userId: number; kind: 'access' | 'refresh'; expiresAt: string };

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * Families of tokens: a sign-in session, and a user's generated pair, each a line of refresh tokens
 * that replace one another. A refresh rotates both tokens and keeps the used refresh token's hash,
 * so that one presented again ends the whole family (OAuth 2.0 Security BCP, reuse detection); no
 * refresh carries a family past its absolute lifetime. Every step is one IMMEDIATE transaction, so
 * two processes refreshing the same token at once cannot both succeed.
 */
/** A new pair of a sign-in or a refresh as the token endpoints answer it. */
export const issuedTokens = (account: AccountRow, pair: GeneratedTokenPair): IssuedTokens => ({
  accessToken: pair.accessToken,
  refreshToken: pair.refreshToken,
  tokenType: 'Bearer',
  expiresIn: Math.max(1, seconds(pair.accessExpiresAt) - seconds(pair.createdAt)),
  accessExpiresAt: pair.accessExpiresAt,
  refreshExpiresAt: pair.refreshExpiresAt,
  scope: scopeOf(account.role),
  passwordChangeRequired: account.must_change_password === 1,
});

export function createTokenFamilies(deps: TokenFamiliesDeps) {
  const { db, now, tokenTtl, logger, audit } = deps;
  const write = <T>(work: () => T): T => db.transaction(work).immediate();

  /** The account a family belongs to, while the family is there. */
  const ownerOf = (family: RefreshFamily): AccountRow | undefined => {
    const userId =
      'sessionId' in family
        ? db
            .prepare<[number], number>('SELECT user_id FROM sessions WHERE id = ?')
            .pluck()
            .get(family.sessionId)
        : family.pairUserId;
    return userId === undefined ? undefined : getAccount(db, userId);
  };

  /** Ends a family; the caller's entry in the audit log says why. Answers whether anything ended. */
  const endFamily = (family: RefreshFamily): boolean =>
    'sessionId' in family ? deleteSession(db, family.sessionId) : deleteTokenHashes(db, family.pairUserId);

  const familyName = (family: RefreshFamily): string =>
    'sessionId' in family ? 'sign-in session' : 'generated token pair';

  /** Who a token belongs to, by the hash of either of its tokens, in whichever family. */
  const find = (token: string): Found | undefined => {
    const hash = hashToken(token);
    const byAccess = sessionByAccessHash(db, hash);
    if (byAccess)
      return {
        family: { sessionId: byAccess.id },
        userId: byAccess.user_id,
        kind: 'access',
        expiresAt: byAccess.access_expires_at,
      };
    const byRefresh = sessionByRefreshHash(db, hash);
    if (byRefresh)
      return {
        family: { sessionId: byRefresh.id },
        userId: byRefresh.user_id,
        kind: 'refresh',
        expiresAt: byRefresh.refresh_expires_at,
      };
    const pair = db
      .prepare<[{ hash: string }], { user_id: number; kind: 'access' | 'refresh'; expires_at: string }>(
        `SELECT user_id, CASE WHEN access_hash = @hash THEN 'access' ELSE 'refresh' END AS kind,
           CASE WHEN access_hash = @hash THEN access_expires_at ELSE refresh_expires_at END AS expires_at
         FROM tokens WHERE access_hash = @hash OR refresh_hash = @hash`,
      )
      .get({ hash });
    if (pair)
      return {
        family: { pairUserId: pair.user_id },
        userId: pair.user_id,
        kind: pair.kind,
        expiresAt: pair.expires_at,
      };
    return undefined;
  };

  return {
    refresh(refreshToken: string, clientAddress: string): RefreshOutcome {
      const hash = hashToken(refreshToken);
      const outcome = write((): RefreshOutcome => {
        const at = now();
        const session = sessionByRefreshHash(db, hash);
        const pair = session ? undefined : pairByRefreshHash(db, hash);
        const current: { family: RefreshFamily; userId: number; start: string } | undefined = session
          ? { family: { sessionId: session.id }, userId: session.user_id, start: session.created_at }
          : pair && { family: { pairUserId: pair.user_id }, userId: pair.user_id, start: pair.created_at };
        if (!current) {
          const used = familyOfUsedRefresh(db, hash);
          if (!used) return { kind: 'invalid' };
          const owner = ownerOf(used);
          if (endFamily(used) && owner)
            audit.byAddress('signIn.refreshReuse', owner, clientAddress, {
              detail: `A refresh token was presented again after it was used: its ${familyName(used)} was ended.`,
            });
          return { kind: 'replayed' };
        }
        const expiresAt = session?.refresh_expires_at ?? pair?.refresh_expires_at ?? '';
        // A refresh token may outlive its family (a family shorter than a refresh token's
        // lifetime): past the family's end it is refused all the same, not answered with tokens
        // already expired.
        if (expiresAt <= at.toISOString() || familyEnd(current.start, tokenTtl) <= at.getTime()) {
          // An expired sign-in is over: its session goes, as it did before families.
          if (session) deleteSession(db, session.id);
          return { kind: 'invalid' };
        }
        const account = getAccount(db, current.userId);
        if (account?.enabled !== 1) return { kind: 'invalid' };
        const fresh = newTokenPair(at, tokenTtl, current.start);
        const hashes = tokenHashesOf(fresh);
        if ('sessionId' in current.family) rotateSession(db, current.family.sessionId, hashes, clientAddress);
        else rotatePair(db, current.family.pairUserId, hashes);
        markRefreshUsed(db, hash, current.family, at.toISOString());
        audit.byAccount('signIn.refresh', account, clientAddress, {
          detail: `The ${familyName(current.family)} was refreshed.`,
        });
        return { kind: 'issued', tokens: issuedTokens(account, fresh) };
      });
      if (outcome.kind === 'replayed')
        logger.warn('a refresh token was presented again after it was used: its family was ended');
      return outcome;
    },

    /**
     * Ends the family of any token of it, access or refresh, current or used; unknown tokens change
     * nothing. Ending a sign-in's family is its sign-out; a generated pair's, its revocation.
     */
    revoke(token: string, clientAddress: string): void {
      write(() => {
        const found = find(token);
        const family = found?.family ?? familyOfUsedRefresh(db, hashToken(token));
        if (!family) return;
        const owner = ownerOf(family);
        const pair = 'pairUserId' in family ? tokenInfo(db, family.pairUserId) : null;
        if (!endFamily(family) || !owner) return;
        const detail = 'Ended with one of its tokens (OAuth revocation).';
        if (pair) audit.byAccount('token.revoke', owner, clientAddress, { before: pair, detail });
        else audit.byAccount('signIn.signOut', owner, clientAddress, { detail });
      });
    },

    /** RFC 7662: active only while the token is current, unexpired and its account enabled. */
    introspect(token: string): Introspection {
      const found = find(token);
      const account = found && getAccount(db, found.userId);
      if (!found || account?.enabled !== 1 || found.expiresAt <= now().toISOString())
        return { active: false };
      return {
        active: true,
        sub: String(account.id),
        username: account.username,
        role: account.role,
        scope: scopeOf(account.role),
        token_type: found.kind === 'access' ? 'Bearer' : 'refresh_token',
        exp: seconds(found.expiresAt),
      };
    },
  };
}
