import { RosterError } from '../../../../shared/contract/errors';
import {
  API_KEYS_PER_USER,
  apiKeyProblem,
  type ApiKeyInfo,
  type NewApiKey,
} from '../../../../shared/domain/apiKeys';
import { ROLE_LABELS, type Role } from '../../../../shared/domain/roles';
import type { UserId } from '../../../../shared/domain/directory';
import type { LifecycleEntry } from './lifecycleAudit';
import type { UserRow } from './userRows';

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a key made at `at` stops working; null for one that never does. */
export const apiKeyExpiresAt = (at: Date, expiresInDays: number | null): string | null =>
  expiresInDays === null ? null : new Date(at.getTime() + expiresInDays * DAY_MS).toISOString();

export const apiKeyNotFound = () => new RosterError('NOT_FOUND', 'That API key no longer exists.', 'keyId');

/** Every check a new key must pass, given what the user holds now (read in the same write). */
export function assertMayCreateApiKey(
  user: Pick<UserRow, 'username' | 'enabled' | 'role'>,
  key: NewApiKey,
  held: { nameTaken: boolean; count: number },
): void {
  if (user.enabled !== 1)
    throw new RosterError('CONFLICT', `Enable ${user.username} before creating an API key.`, 'userId');
  const problem = apiKeyProblem(user.role, key);
  if (problem) throw new RosterError('INVALID_INPUT', problem.message, problem.field);
  if (held.nameTaken)
    throw new RosterError('CONFLICT', `${user.username} already has a key named "${key.name}".`, 'name');
  if (held.count >= API_KEYS_PER_USER)
    throw new RosterError(
      'CONFLICT',
      `${user.username} already holds ${API_KEYS_PER_USER} API keys, the most one user may: revoke one first.`,
    );
}

/**
 * Refuses a role that could not have been given some of the user's `keys`: a role change must not
 * leave a user holding a key the new role may not hold.
 */
export function assertKeysSuit(role: Role, keys: readonly ApiKeyInfo[]): void {
  const unsuitable = keys.filter(
    (key) =>
      apiKeyProblem(role, { scope: key.scope, expiresInDays: key.expiresAt === null ? null : 1 }) !== null,
  );
  if (unsuitable.length > 0)
    throw new RosterError(
      'CONFLICT',
      `The role ${ROLE_LABELS[role]} may not hold some of this user's API keys (${unsuitable
        .map((key) => `"${key.name}"`)
        .join(', ')}): revoke them first.`,
      'role',
    );
}

const keyFields = (key: ApiKeyInfo) => ({
  keyId: key.id,
  name: key.name,
  scope: key.scope,
  expiresAt: key.expiresAt,
});

export const apiKeyCreatedEntry = (userId: UserId, key: ApiKeyInfo): LifecycleEntry => ({
  action: 'apiKey.create',
  targetType: 'user',
  targetId: userId,
  after: keyFields(key),
});

export const apiKeyRevokedEntry = (userId: UserId, key: ApiKeyInfo): LifecycleEntry => ({
  action: 'apiKey.revoke',
  targetType: 'user',
  targetId: userId,
  before: keyFields(key),
});
