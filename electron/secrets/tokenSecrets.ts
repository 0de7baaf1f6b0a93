import { createHash, randomBytes } from 'node:crypto';

/** How long a pair stays valid, in seconds. */
export interface TokenTtl {
  readonly accessSeconds: number;
  readonly refreshSeconds: number;
  /**
   * The most a family of refresh tokens (a sign-in, or a generated pair, however often refreshed)
   * lives from its start: refreshing never carries it past that (default 90 days).
   */
  readonly familySeconds?: number;
}

export const DEFAULT_FAMILY_SECONDS = 90 * 24 * 60 * 60;

/** One hour for the access token, 30 days for the refresh token (the usual OAuth2 split). */
export const DEFAULT_TOKEN_TTL: TokenTtl = Object.freeze({
  accessSeconds: 60 * 60,
  refreshSeconds: 30 * 24 * 60 * 60,
});

/** A freshly generated pair; times are ISO 8601 strings in UTC, as the database stores them. */
export interface GeneratedTokenPair {
  accessToken: string;
  refreshToken: string;
  createdAt: string;
  accessExpiresAt: string;
  refreshExpiresAt: string;
}

/** 32 bytes = 256 bits from the OS CSPRNG. */
export const TOKEN_BYTES = 32;

/** 256 random bits, base64url without padding: 43 characters of [A-Za-z0-9_-], safe in URLs and headers. */
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** When a family that began at `familyStart` ends, in ms since the epoch: nothing of it lives longer. */
export const familyEnd = (familyStart: string, ttl: TokenTtl): number =>
  Date.parse(familyStart) + (ttl.familySeconds ?? DEFAULT_FAMILY_SECONDS) * 1000;

/**
 * A new pair; `familyStart`, for a refresh, is when its family began (a new family begins now), so
 * that neither token outlives the family's absolute lifetime.
 */
export function newTokenPair(
  now: Date,
  ttl: TokenTtl = DEFAULT_TOKEN_TTL,
  familyStart?: string,
): GeneratedTokenPair {
  const start = now.getTime();
  if (!Number.isFinite(start)) throw new RangeError('The token creation time is not a valid date.');
  for (const seconds of [ttl.accessSeconds, ttl.refreshSeconds]) {
    if (!Number.isInteger(seconds) || seconds <= 0)
      throw new RangeError('Token lifetimes must be positive whole numbers of seconds.');
  }
  const end = familyEnd(familyStart ?? now.toISOString(), ttl);
  const at = (offsetSeconds: number) => new Date(Math.min(start + offsetSeconds * 1000, end)).toISOString();
  return {
    accessToken: newToken(),
    refreshToken: newToken(),
    createdAt: at(0),
    accessExpiresAt: at(ttl.accessSeconds),
    refreshExpiresAt: at(ttl.refreshSeconds),
  };
}

/**
 * What the database keeps instead of a token: its SHA-256, in hex. A fast hash is right here,
 * unlike for passwords: a token is 256 random bits, so there is nothing to guess from the hash
 * and no salt or slow hash would add anything, while a fast, deterministic hash lets a presented
 * token be found by an indexed lookup of its hash.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What the database keeps of a pair: the hashes of its tokens and its times. */
export const tokenHashesOf = (pair: GeneratedTokenPair) => ({
  accessHash: hashToken(pair.accessToken),
  refreshHash: hashToken(pair.refreshToken),
  createdAt: pair.createdAt,
  accessExpiresAt: pair.accessExpiresAt,
  refreshExpiresAt: pair.refreshExpiresAt,
});

/**
 * A named API key's value: a fixed prefix, so that secret scanners and people can tell a Roster key
 * from other strings in a log or a repository, then 256 random bits.
 */
export const API_KEY_PREFIX = 'roster_';
export const newApiKeyValue = (): string => `${API_KEY_PREFIX}${newToken()}`;
