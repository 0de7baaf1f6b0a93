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
import type { Work } from '../../database/portable/steps';
import type { WorkRunner } from '../../database/portable/workRunner';
import { getAccount, type AccountRow } from '../directory/portable/accountsTable';
import {
  deleteSession,
  rotateSession,
  sessionByAccessHash,
  sessionByRefreshHash,
  sessionOwner,
} from '../directory/portable/sessionsTable';
import {
  familyOfUsedRefresh,
  markRefreshUsed,
  type RefreshFamily,
} from '../directory/portable/refreshFamiliesTable';
import {
  deleteTokenHashes,
  pairByRefreshHash,
  pairTokenByHash,
  rotatePair,
  tokenInfo,
} from '../directory/portable/tokenPairsTable';
import type { SignInAudit } from './signInAudit';

export interface TokenFamiliesDeps {
  storage: WorkRunner;
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
 * refresh carries a family past its absolute lifetime. Every step is one write transaction, so
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
  const { storage, now, tokenTtl, logger, audit } = deps;

  /** The account a family belongs to, while the family is there. */
  function* ownerOf(family: RefreshFamily): Work<AccountRow | undefined> {
    const userId = 'sessionId' in family ? yield* sessionOwner(family.sessionId) : family.pairUserId;
    return userId === undefined ? undefined : yield* getAccount(userId);
  }

  /** Ends a family; the caller's entry in the audit log says why. Answers whether anything ended. */
  const endFamily = (family: RefreshFamily): Work<boolean> =>
    'sessionId' in family ? deleteSession(family.sessionId) : deleteTokenHashes(family.pairUserId);

  const familyName = (family: RefreshFamily): string =>
    'sessionId' in family ? 'sign-in session' : 'generated token pair';

  /** Who a token belongs to, by the hash of either of its tokens, in whichever family. */
  function* find(token: string): Work<Found | undefined> {
    const hash = hashToken(token);
    const byAccess = yield* sessionByAccessHash(hash);
    if (byAccess)
      return {
        family: { sessionId: byAccess.id },
        userId: byAccess.user_id,
        kind: 'access',
        expiresAt: byAccess.access_expires_at,
      };
    const byRefresh = yield* sessionByRefreshHash(hash);
    if (byRefresh)
      return {
        family: { sessionId: byRefresh.id },
        userId: byRefresh.user_id,
        kind: 'refresh',
        expiresAt: byRefresh.refresh_expires_at,
      };
    const pair = yield* pairTokenByHash(hash);
    if (pair)
      return {
        family: { pairUserId: pair.user_id },
        userId: pair.user_id,
        kind: pair.kind,
        expiresAt: pair.expires_at,
      };
    return undefined;
  }

  function* refreshFamily(hash: string, clientAddress: string): Work<RefreshOutcome> {
    const at = now();
    const session = yield* sessionByRefreshHash(hash);
    const pair = session ? undefined : yield* pairByRefreshHash(hash);
    const current: { family: RefreshFamily; userId: number; start: string } | undefined = session
      ? { family: { sessionId: session.id }, userId: session.user_id, start: session.created_at }
      : pair && { family: { pairUserId: pair.user_id }, userId: pair.user_id, start: pair.created_at };
    if (!current) {
      const used = yield* familyOfUsedRefresh(hash);
      if (!used) return { kind: 'invalid' };
      const owner = yield* ownerOf(used);
      if ((yield* endFamily(used)) && owner)
        yield* audit.byAddress('signIn.refreshReuse', owner, clientAddress, {
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
      if (session) yield* deleteSession(session.id);
      return { kind: 'invalid' };
    }
    const account = yield* getAccount(current.userId);
    if (account?.enabled !== 1) return { kind: 'invalid' };
    const fresh = newTokenPair(at, tokenTtl, current.start);
    const hashes = tokenHashesOf(fresh);
    if ('sessionId' in current.family) yield* rotateSession(current.family.sessionId, hashes, clientAddress);
    else yield* rotatePair(current.family.pairUserId, hashes);
    yield* markRefreshUsed(hash, current.family, at.toISOString());
    yield* audit.byAccount('signIn.refresh', account, clientAddress, {
      detail: `The ${familyName(current.family)} was refreshed.`,
    });
    return { kind: 'issued', tokens: issuedTokens(account, fresh) };
  }

  function* revokeFamily(token: string, clientAddress: string): Work<void> {
    const found = yield* find(token);
    const family = found?.family ?? (yield* familyOfUsedRefresh(hashToken(token)));
    if (!family) return;
    const owner = yield* ownerOf(family);
    const pair = 'pairUserId' in family ? yield* tokenInfo(family.pairUserId) : null;
    if (!(yield* endFamily(family)) || !owner) return;
    const detail = 'Ended with one of its tokens (OAuth revocation).';
    if (pair) yield* audit.byAccount('token.revoke', owner, clientAddress, { before: pair, detail });
    else yield* audit.byAccount('signIn.signOut', owner, clientAddress, { detail });
  }

  return {
    async refresh(refreshToken: string, clientAddress: string): Promise<RefreshOutcome> {
      const outcome = await storage.write(() => refreshFamily(hashToken(refreshToken), clientAddress));
      if (outcome.kind === 'replayed')
        logger.warn('a refresh token was presented again after it was used: its family was ended');
      return outcome;
    },

    /**
     * Ends the family of any token of it, access or refresh, current or used; unknown tokens change
     * nothing. Ending a sign-in's family is its sign-out; a generated pair's, its revocation.
     */
    revoke: (token: string, clientAddress: string): Promise<void> =>
      storage.write(() => revokeFamily(token, clientAddress)),

    /** RFC 7662: active only while the token is current, unexpired and its account enabled. */
    introspect: (token: string): Promise<Introspection> =>
      storage.read(function* (): Work<Introspection> {
        const found = yield* find(token);
        const account = found && (yield* getAccount(found.userId));
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
      }),
  };
}
