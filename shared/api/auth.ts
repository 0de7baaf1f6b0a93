import { z } from 'zod';
import { MAX_TEXT } from '../contract/limits';
import { RoleSchema } from '../domain/roles';
import { endpoint } from './endpoint';

/** The version of the REST API; a client checks it before it talks. */
export const API_VERSION = 4;

export const HealthSchema = z
  .strictObject({
    name: z.string(),
    version: z.string(),
    api: z.number().int(),
    /**
     * Whether the server can mail invitation links (a mail server is set up), so that a client
     * offers "Send the link by email" only where it can work.
     */
    mail: z.boolean(),
  })
  .meta({ id: 'Health' });

/** Any string: a sign-in with a malformed username is simply a wrong one. */
export const SignInSchema = z
  .strictObject({
    username: z.string().min(1, 'Enter a username.').max(MAX_TEXT),
    password: z.string().min(1, 'Enter a password.').max(MAX_TEXT),
  })
  .meta({ id: 'SignIn' });

export const RefreshSchema = z.strictObject({ refreshToken: z.string().min(1).max(MAX_TEXT) });

/** A sign-in session's pair, as sign-in and refresh answer it (OAuth2's token response, plus the expiry times). */
export const IssuedTokensSchema = z
  .strictObject({
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    tokenType: z.literal('Bearer'),
    /** Seconds the access token lives. */
    expiresIn: z.number().int().positive(),
    accessExpiresAt: z.string(),
    refreshExpiresAt: z.string(),
    /** `read`, `write`: what the account's role allows, as OAuth's token answer says it. */
    scope: z.string(),
    /**
     * The password was reset: these tokens serve only to change it (PUT /api/me/password); every
     * other call answers 403 PASSWORD_CHANGE_REQUIRED until then.
     */
    passwordChangeRequired: z.boolean(),
  })
  .meta({ id: 'IssuedTokens' });
export type IssuedTokens = z.infer<typeof IssuedTokensSchema>;

export const MeSchema = z
  .strictObject({
    id: z.number().int().positive(),
    username: z.string(),
    role: RoleSchema,
    /** A sign-in session's token, or the user's generated API token. */
    via: z.enum(['session', 'apiToken']),
  })
  .meta({ id: 'Me' });

export const authEndpoints = {
  health: endpoint({
    method: 'GET',
    path: '/api/health',
    summary: 'Name, version and API version of the server, and whether it mails invitation links',
    tag: 'Service',
    permission: 'public',
    status: 200,
    response: HealthSchema,
  }),
  signIn: endpoint({
    method: 'POST',
    path: '/api/auth/token',
    summary: 'Sign in with a username and password',
    tag: 'Sign-in',
    permission: 'public',
    body: SignInSchema,
    status: 200,
    response: IssuedTokensSchema,
    // One 401 for a wrong password and an unknown, locked or disabled account; 429 for the address limit.
    errors: [401, 429],
  }),
  refresh: endpoint({
    method: 'POST',
    path: '/api/auth/refresh',
    summary: 'A new pair for a refresh token (both rotate)',
    tag: 'Sign-in',
    permission: 'public',
    body: RefreshSchema,
    status: 200,
    response: IssuedTokensSchema,
    errors: [401],
  }),
  signOut: endpoint({
    method: 'POST',
    path: '/api/auth/logout',
    summary: 'End this sign-in session',
    tag: 'Sign-in',
    permission: 'signedIn',
    body: z.strictObject({}),
    bodyOptional: true,
    status: 204,
    duringPasswordChange: true,
    errors: [409],
  }),
  me: endpoint({
    method: 'GET',
    path: '/api/auth/me',
    summary: 'Who the bearer token belongs to',
    tag: 'Sign-in',
    permission: 'signedIn',
    status: 200,
    response: MeSchema,
  }),
} as const;
