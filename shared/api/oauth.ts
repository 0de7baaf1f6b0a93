import { z } from 'zod';
import { MAX_TEXT } from '../contract/limits';
import { RoleSchema } from '../domain/roles';
import { endpoint } from './endpoint';

/**
 * The OAuth 2.0 endpoints (RFC 6749, 7009, 7662): form-encoded requests, answers and errors in
 * OAuth's own shapes, so that any standard OAuth2 client can sign in, refresh, revoke and
 * introspect. Parameters the server does not know (a client_id, say) are ignored, as RFC 6749
 * asks.
 */

const text = (what: string) => z.string().min(1, `Give ${what}.`).max(MAX_TEXT);

export const PasswordGrantSchema = z
  .object({
    grant_type: z.literal('password'),
    username: text('the username'),
    password: text('the password'),
    scope: z.string().max(MAX_TEXT).optional(),
  })
  .meta({ id: 'PasswordGrant' });

export const RefreshGrantSchema = z
  .object({
    grant_type: z.literal('refresh_token'),
    refresh_token: text('the refresh_token'),
    scope: z.string().max(MAX_TEXT).optional(),
  })
  .meta({ id: 'RefreshGrant' });

export const GRANT_TYPES = ['password', 'refresh_token'] as const;

export const TokenRequestSchema = z
  .discriminatedUnion('grant_type', [PasswordGrantSchema, RefreshGrantSchema])
  .meta({ id: 'TokenRequest' });

/** RFC 6749 §5.1, with the one extension a client needs after a password reset. */
export const OAuthTokenSchema = z
  .object({
    access_token: z.string().min(1),
    token_type: z.literal('Bearer'),
    /** Seconds the access token lives. */
    expires_in: z.number().int().positive(),
    refresh_token: z.string().min(1),
    /** `read write`, or `read` for an Auditor: what the account's role allows. */
    scope: z.string(),
    /**
     * The password was reset: these tokens serve only to change it (PUT /api/me/password);
     * every other call answers 403 PASSWORD_CHANGE_REQUIRED until then.
     */
    password_change_required: z.boolean(),
  })
  .meta({ id: 'OAuthToken' });
export type OAuthToken = z.infer<typeof OAuthTokenSchema>;

const tokenTypeHint = z.string().max(MAX_TEXT).optional();

export const RevocationSchema = z
  .object({ token: text('the token'), token_type_hint: tokenTypeHint })
  .meta({ id: 'Revocation' });

export const IntrospectionRequestSchema = z
  .object({ token: text('the token'), token_type_hint: tokenTypeHint })
  .meta({ id: 'IntrospectionRequest' });

/** RFC 7662 §2.2: an unknown, expired or revoked token is `{ "active": false }` and nothing more. */
export const IntrospectionSchema = z
  .object({
    active: z.boolean(),
    /** The user's id. */
    sub: z.string().optional(),
    username: z.string().optional(),
    role: RoleSchema.optional(),
    scope: z.string().optional(),
    /** `Bearer` for an access token, `refresh_token` for a refresh token. */
    token_type: z.string().optional(),
    /** Seconds since the epoch. */
    exp: z.number().int().optional(),
  })
  .meta({ id: 'Introspection' });
export type Introspection = z.infer<typeof IntrospectionSchema>;

export const oauthErrorCodes = [
  'invalid_request',
  'invalid_grant',
  'unsupported_grant_type',
  'invalid_token',
  'insufficient_scope',
  'temporarily_unavailable',
] as const;
export type OAuthErrorCode = (typeof oauthErrorCodes)[number];

/** RFC 6749 §5.2 (and RFC 6750 §3.1 for a refused caller). */
export const OAuthErrorSchema = z
  .object({ error: z.enum(oauthErrorCodes), error_description: z.string().optional() })
  .meta({ id: 'OAuthError' });

const oauth = { tag: 'OAuth', format: 'oauth' } as const;

export const oauthEndpoints = {
  oauthToken: endpoint({
    ...oauth,
    method: 'POST',
    path: '/oauth/token',
    summary:
      'Tokens for a username and password, or new ones for a refresh token of a sign-in or a generated pair (both rotate; a refresh token used twice ends its family)',
    permission: 'public',
    body: TokenRequestSchema,
    status: 200,
    response: OAuthTokenSchema,
    errors: [429],
  }),
  oauthRevoke: endpoint({
    ...oauth,
    method: 'POST',
    path: '/oauth/revoke',
    summary: 'End the sign-in or pair a token belongs to (answers 200 for any token, even an unknown one)',
    permission: 'public',
    body: RevocationSchema,
    status: 200,
  }),
  oauthIntrospect: endpoint({
    ...oauth,
    method: 'POST',
    path: '/oauth/introspect',
    summary: 'Whether a token is active, and whose it is (callers: API users and Administrators)',
    readOnly: true,
    permission: 'tokens.introspect',
    body: IntrospectionRequestSchema,
    status: 200,
    response: IntrospectionSchema,
  }),
} as const;
