import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOKEN_TTL,
  hashToken,
  newToken,
  newTokenPair,
  TOKEN_BYTES,
} from '../../../electron/secrets/tokenSecrets';

const URL_SAFE_256_BITS = /^[A-Za-z0-9_-]{43}$/;
const NOW = new Date('2026-03-01T12:00:00.000Z');

describe('token secrets', () => {
  it('makes tokens of 256 random bits, base64url without padding (43 URL-safe characters)', () => {
    expect(TOKEN_BYTES * 8).toBe(256);
    for (let i = 0; i < 200; i++) {
      const token = newToken();
      expect(token).toMatch(URL_SAFE_256_BITS);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(encodeURIComponent(token)).toBe(token);
    }
  });

  it('never repeats a token over many draws, and uses the whole alphabet', () => {
    const draws = Array.from({ length: 5000 }, () => newToken());
    expect(new Set(draws).size).toBe(draws.length);
    // 5000 × 43 characters over a 64-letter alphabet: every letter shows up (a failure is ~never).
    expect(new Set(draws.join('')).size).toBe(64);
  });

  it('makes a pair of two different tokens with their times', () => {
    const pair = newTokenPair(NOW, { accessSeconds: 90, refreshSeconds: 7200 });
    expect(pair.accessToken).toMatch(URL_SAFE_256_BITS);
    expect(pair.refreshToken).toMatch(URL_SAFE_256_BITS);
    expect(pair.accessToken).not.toBe(pair.refreshToken);
    expect(pair).toMatchObject({
      createdAt: '2026-03-01T12:00:00.000Z',
      accessExpiresAt: '2026-03-01T12:01:30.000Z',
      refreshExpiresAt: '2026-03-01T14:00:00.000Z',
    });
  });

  it('defaults to one hour for access and 30 days for refresh', () => {
    expect(DEFAULT_TOKEN_TTL).toEqual({ accessSeconds: 3600, refreshSeconds: 2_592_000 });
    const pair = newTokenPair(NOW, DEFAULT_TOKEN_TTL);
    expect(pair.accessExpiresAt).toBe('2026-03-01T13:00:00.000Z');
    expect(pair.refreshExpiresAt).toBe('2026-03-31T12:00:00.000Z');
    expect(newTokenPair(NOW).refreshExpiresAt).toBe(pair.refreshExpiresAt);
  });

  it('refuses lifetimes that are not positive whole seconds, and invalid dates', () => {
    for (const ttl of [
      { accessSeconds: 0, refreshSeconds: 60 },
      { accessSeconds: 60, refreshSeconds: -1 },
      { accessSeconds: 1.5, refreshSeconds: 60 },
      { accessSeconds: Number.NaN, refreshSeconds: 60 },
      { accessSeconds: 60, refreshSeconds: Number.POSITIVE_INFINITY },
    ]) {
      expect(() => newTokenPair(NOW, ttl)).toThrow(RangeError);
    }
    expect(() => newTokenPair(new Date('not a date'))).toThrow(RangeError);
  });

  it('hashes a token to its SHA-256 in hex, which is not the token', () => {
    const token = newToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).not.toContain(token);
    expect(hashToken(token)).toBe(hash);
    expect(hashToken(newToken())).not.toBe(hash);
    // The published SHA-256 of "abc", so the hash is the standard one and not some variant.
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
