import { z } from 'zod';
import { honestName, trimmed } from './userRules';
import { widestScope, type Role } from './roles';

/**
 * A named API key: a long-lived bearer token a user hands to a script or a service. `read` keys
 * may only ask (GET requests and token introspection); `write` keys may do whatever the holder's
 * role may. The server keeps only a key's hash; its value is shown once, when it is created.
 */
export const apiKeyScopes = ['read', 'write'] as const;
export const ApiKeyScopeSchema = z.enum(apiKeyScopes);
export type ApiKeyScope = z.infer<typeof ApiKeyScopeSchema>;

export const API_KEY_NAME_MAX = 100;
/** Lifetimes run from a day to a year; only API users' keys may never expire. */
export const API_KEY_DAYS_MIN = 1;
export const API_KEY_DAYS_MAX = 365;
/** Keys one user may hold at once, revoked ones not counted. */
export const API_KEYS_PER_USER = 50;

export const ApiKeyIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export type ApiKeyId = z.infer<typeof ApiKeyIdSchema>;

export const ApiKeyNameSchema = trimmed().pipe(
  honestName('The key name')
    .min(1, 'Enter a name for the key.')
    .max(API_KEY_NAME_MAX, `Use at most ${API_KEY_NAME_MAX} characters.`),
);

export const NewApiKeySchema = z
  .strictObject({
    name: ApiKeyNameSchema,
    scope: ApiKeyScopeSchema,
    /** Days from now until the key stops working; null for a key that never expires (API users only). */
    expiresInDays: z
      .number()
      .int()
      .min(API_KEY_DAYS_MIN, `A key lasts at least ${API_KEY_DAYS_MIN} day.`)
      .max(API_KEY_DAYS_MAX, `A key lasts at most ${API_KEY_DAYS_MAX} days, unless it never expires.`)
      .nullable(),
  })
  .meta({ id: 'NewApiKey' });
export type NewApiKey = z.output<typeof NewApiKeySchema>;

export const ApiKeyInfoSchema = z
  .strictObject({
    id: ApiKeyIdSchema,
    name: z.string(),
    scope: ApiKeyScopeSchema,
    createdAt: z.string(),
    /** Null: the key never expires. */
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    /** The address it was last used from, as the server saw it. */
    lastUsedAddress: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKeyInfo = z.infer<typeof ApiKeyInfoSchema>;

/** A new key and, in this answer only, its value. */
export const CreatedApiKeySchema = z
  .strictObject({ key: ApiKeyInfoSchema, value: z.string() })
  .meta({ id: 'CreatedApiKey' });
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;

/** The widest scope a key of this role may have: an Auditor only reads. */
export const widestKeyScope = (role: Role): ApiKeyScope => widestScope(role);

/** Keys that never expire are for service accounts, which is what API users are. */
export const mayHoldEverlastingKey = (role: Role): boolean => role === 'apiUser';

/**
 * Why a user with `role` may not hold `key`, or null when they may. The directory checks this
 * inside the write that creates the key; forms check it as the admin chooses.
 */
export function apiKeyProblem(
  role: Role,
  key: Pick<NewApiKey, 'scope' | 'expiresInDays'>,
): {
  field: 'scope' | 'expiresInDays';
  message: string;
} | null {
  if (key.expiresInDays === null && !mayHoldEverlastingKey(role))
    return {
      field: 'expiresInDays',
      message: 'Only API users may hold a key that never expires: choose a lifetime of up to a year.',
    };
  if (key.scope === 'write' && widestKeyScope(role) === 'read')
    return { field: 'scope', message: 'This role only reads: its keys can have the read scope only.' };
  return null;
}

export const isExpired = (expiresAt: string | null, now: Date): boolean =>
  expiresAt !== null && expiresAt <= now.toISOString();
