import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The client's address, as the sign-in limits count it. Behind a reverse proxy (`trustProxy`),
 * it is the last address in X-Forwarded-For: the one the proxy itself appended. Earlier entries
 * come from the client and could be anything, so they are never believed.
 */
export function clientAddressOf(request: IncomingMessage, trustProxy: boolean): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return peer;
  const forwarded = request.headersDistinct['x-forwarded-for'];
  const last = forwarded?.at(-1)?.split(',').at(-1)?.trim();
  return last !== undefined && isIP(last) !== 0 ? last : peer;
}
