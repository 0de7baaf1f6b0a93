import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { GRANT_TYPES, type OAuthErrorCode } from '../../shared/api/oauth';
import { SignInError } from '../services/signIn/signInService';
import { asHttpError } from './httpErrors';

/** A refusal of an OAuth endpoint, in OAuth's shape (RFC 6749 §5.2, RFC 6750 §3.1). */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthErrorCode,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

/** Where in the request a refusal came from: the caller's own token, or what it asked. */
export type OAuthStage = 'caller' | 'request';

/**
 * Any refusal of an OAuth endpoint as OAuth says it. A refused caller (introspection's bearer
 * token) is `invalid_token` (401) or `insufficient_scope` (403); a bad form is `invalid_request`,
 * or `unsupported_grant_type` for a grant this server does not take; a wrong password or a dead
 * refresh token is `invalid_grant`. Anything that is not a refusal stays a server failure.
 */
export function asOAuthError(
  error: unknown,
  stage: OAuthStage,
  form?: URLSearchParams,
): OAuthError | undefined {
  if (error instanceof OAuthError) return error;
  if (error instanceof SignInError) {
    if (error.reason === 'rate-limited')
      return new OAuthError(429, 'temporarily_unavailable', error.message, error.retryAfter);
    return stage === 'caller'
      ? new OAuthError(401, 'invalid_token', error.message)
      : new OAuthError(400, 'invalid_grant', error.message);
  }
  if (error instanceof z.ZodError) {
    const grant = form?.get('grant_type');
    if (grant && !(GRANT_TYPES as readonly string[]).includes(grant))
      return new OAuthError(400, 'unsupported_grant_type', `This server does not take the grant ${grant}.`);
  }
  const refusal = asHttpError(error);
  if (!refusal) return undefined;
  if (refusal.status === 403) return new OAuthError(403, 'insufficient_scope', refusal.message);
  if (refusal.status === 401) return new OAuthError(401, 'invalid_token', refusal.message);
  return new OAuthError(refusal.status >= 500 ? refusal.status : 400, 'invalid_request', refusal.message);
}

export function sendOAuthError(response: ServerResponse, error: OAuthError): void {
  const text = JSON.stringify({ error: error.error, error_description: error.message });
  response.writeHead(error.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    ...(error.status === 401 ? { 'WWW-Authenticate': `Bearer error="${error.error}"` } : {}),
    ...(error.retryAfter === undefined ? {} : { 'Retry-After': String(error.retryAfter) }),
  });
  response.end(text);
}
