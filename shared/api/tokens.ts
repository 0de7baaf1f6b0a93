import { z } from 'zod';
import { ApiKeyInfoSchema, CreatedApiKeySchema, NewApiKeySchema } from '../domain/apiKeys';
import { TokenInfoSchema, TokenPairSchema } from '../domain/directory';
import { endpoint, idParam } from './endpoint';
import { UserParams } from './users';

const tokens = { tag: 'Tokens', params: UserParams } as const;

/**
 * A user's API credentials: one generated token pair (refreshed at /oauth/token) and any number of
 * named API keys. Making either answers its value once; the server keeps only hashes, so reading
 * answers names and times, never values. A new pair replaces the old one, which stops working.
 */
export const tokenEndpoints = {
  generateToken: endpoint({
    ...tokens,
    method: 'POST',
    path: '/api/users/{userId}/tokens',
    summary: 'Generate a new token pair for an enabled user (shown only in this answer)',
    permission: 'directory.write',
    body: z.strictObject({}),
    bodyOptional: true,
    status: 201,
    response: TokenPairSchema,
    idempotent: true,
    errors: [404, 409],
  }),
  tokenInfo: endpoint({
    ...tokens,
    method: 'GET',
    path: '/api/users/{userId}/tokens',
    summary: "The times of a user's token pair",
    permission: 'directory.read',
    status: 200,
    response: TokenInfoSchema,
    errors: [404],
  }),
  revokeToken: endpoint({
    ...tokens,
    method: 'DELETE',
    path: '/api/users/{userId}/tokens',
    summary: "Revoke a user's token pair",
    permission: 'directory.write',
    status: 204,
    errors: [404],
  }),

  listApiKeys: endpoint({
    ...tokens,
    method: 'GET',
    path: '/api/users/{userId}/keys',
    summary: "A user's named API keys, oldest first (never their values)",
    permission: 'directory.read',
    status: 200,
    response: z.array(ApiKeyInfoSchema),
    errors: [404],
  }),
  createApiKey: endpoint({
    ...tokens,
    method: 'POST',
    path: '/api/users/{userId}/keys',
    summary: 'Create a named API key for a user (its value is shown only in this answer)',
    permission: 'directory.write',
    body: NewApiKeySchema,
    status: 201,
    response: CreatedApiKeySchema,
    idempotent: true,
    errors: [404, 409],
  }),
  revokeApiKey: endpoint({
    method: 'DELETE',
    tag: 'Tokens',
    path: '/api/users/{userId}/keys/{keyId}',
    summary: 'Revoke an API key: it stops working at once',
    permission: 'directory.write',
    params: z.strictObject({ userId: idParam(), keyId: idParam() }),
    status: 204,
    errors: [404],
  }),
} as const;
