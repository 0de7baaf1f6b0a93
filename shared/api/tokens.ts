import { z } from 'zod';
import { TokenInfoSchema, TokenPairSchema } from '../domain/directory';
import { endpoint } from './endpoint';
import { UserParams } from './users';

const tokens = { tag: 'Tokens', params: UserParams } as const;

/**
 * A user's API token pair. Generating answers the pair once; the server keeps only hashes, so
 * reading answers the times, not the tokens. A new pair replaces the old one, which stops working.
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
} as const;
