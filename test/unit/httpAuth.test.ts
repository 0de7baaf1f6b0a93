import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hasToken, isOwnOrigin, newAccessToken } from '../../electron/host/httpAuth';

/** A real request object carrying only the given headers, as the server would parse them. */
function requestWith(headers: Record<string, string>): IncomingMessage {
  const request = new IncomingMessage(new Socket());
  request.headers = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return request;
}

describe('newAccessToken', () => {
  it('gives 32 random bytes as URL-safe text, so it fits in a #token= fragment unescaped', () => {
    const token = newAccessToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it('gives a different token each launch', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newAccessToken()));
    expect(tokens.size).toBe(50);
  });
});

describe('hasToken', () => {
  const token = newAccessToken();

  it('accepts the token as a bearer credential', () => {
    expect(hasToken(requestWith({ Authorization: `Bearer ${token}` }), token)).toBe(true);
  });

  it.each([
    ['no header', {}],
    ['another token of the same length', { Authorization: `Bearer ${newAccessToken()}` }],
    ['a prefix of the token', { Authorization: `Bearer ${token.slice(0, -1)}` }],
    ['the token and more', { Authorization: `Bearer ${token}A` }],
    ['the bare token', { Authorization: token }],
    ['two spaces after the scheme', { Authorization: `Bearer  ${token}` }],
    ['a trailing word', { Authorization: `Bearer ${token} x` }],
  ])('refuses %s', (_label, headers: Record<string, string>) => {
    expect(hasToken(requestWith(headers), token)).toBe(false);
  });
});

describe('isOwnOrigin', () => {
  const port = 43_210;

  it.each([`127.0.0.1:${port}`, `localhost:${port}`])('accepts the Host %s with no Origin', (host) => {
    expect(isOwnOrigin(requestWith({ Host: host }), port)).toBe(true);
  });

  it.each([`http://127.0.0.1:${port}`, `http://localhost:${port}`])('accepts our own Origin %s', (origin) => {
    expect(isOwnOrigin(requestWith({ Host: `127.0.0.1:${port}`, Origin: origin }), port)).toBe(true);
  });

  it.each(['evil.example', `evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `[::1]:${port}`])(
    'refuses the Host %s',
    (host) => {
      expect(isOwnOrigin(requestWith({ Host: host }), port)).toBe(false);
    },
  );

  it('refuses a request with no Host at all', () => {
    expect(isOwnOrigin(requestWith({}), port)).toBe(false);
  });

  it.each(['http://evil.example', 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}/`, ''])(
    'refuses the Origin %j',
    (origin) => {
      expect(isOwnOrigin(requestWith({ Host: `127.0.0.1:${port}`, Origin: origin }), port)).toBe(false);
    },
  );
});
