import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const newAccessToken = (): string => randomBytes(32).toString('base64url');

export function hasToken(request: IncomingMessage, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer (\S+)$/.exec(header);
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The Host header must name this loopback server, which defeats DNS
 * rebinding; an Origin header, when a browser sends one, must be our own.
 */
export function isOwnOrigin(request: IncomingMessage, port: number): boolean {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(request.headers.host ?? '')) return false;
  const origin = request.headers.origin;
  return origin === undefined || allowedHosts.some((host) => origin === `http://${host}`);
}
