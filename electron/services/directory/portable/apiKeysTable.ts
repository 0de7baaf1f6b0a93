import type { ApiKeyId, ApiKeyInfo, ApiKeyScope } from '../../../../shared/domain/apiKeys';
import type { UserId } from '../../../../shared/domain/directory';
import { uniqueKey } from '../../../../shared/domain/userRules';
import { all, get, run, value, type Work } from '../../../database/portable/steps';

/** Named API keys: only the SHA-256 of each value is kept. */
const INFO = `id, name, scope, created_at AS "createdAt", expires_at AS "expiresAt", last_used_at AS "lastUsedAt",
  last_used_address AS "lastUsedAddress"`;

export interface NewApiKeyRow {
  userId: UserId;
  name: string;
  scope: ApiKeyScope;
  keyHash: string;
  createdAt: string;
  expiresAt: string | null;
}

export function* insertApiKey(key: NewApiKeyRow): Work<ApiKeyId> {
  const id = yield* value<number>(
    `INSERT INTO api_keys (user_id, name, name_key, scope, key_hash, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    key.userId,
    key.name,
    uniqueKey(key.name),
    key.scope,
    key.keyHash,
    key.createdAt,
    key.expiresAt,
  );
  return id ?? 0;
}

export const apiKeysOfUser = (userId: UserId): Work<ApiKeyInfo[]> =>
  all<ApiKeyInfo>(`SELECT ${INFO} FROM api_keys WHERE user_id = ? ORDER BY id`, userId);

export const apiKeyOfUser = (userId: UserId, keyId: ApiKeyId): Work<ApiKeyInfo | undefined> =>
  get<ApiKeyInfo>(`SELECT ${INFO} FROM api_keys WHERE user_id = ? AND id = ?`, userId, keyId);

export function* countApiKeys(userId: UserId): Work<number> {
  return (yield* value<number>('SELECT count(*) FROM api_keys WHERE user_id = ?', userId)) ?? 0;
}

export function* apiKeyNameTaken(userId: UserId, name: string): Work<boolean> {
  const found = yield* value<number>(
    'SELECT id FROM api_keys WHERE user_id = ? AND name_key = ?',
    userId,
    uniqueKey(name),
  );
  return found !== undefined;
}

/** Keys of the user that never expire: only an API user may hold them. */
export function* countEverlastingKeys(userId: UserId): Work<number> {
  return (
    (yield* value<number>(
      'SELECT count(*) FROM api_keys WHERE user_id = ? AND expires_at IS NULL',
      userId,
    )) ?? 0
  );
}

export function* deleteApiKey(userId: UserId, keyId: ApiKeyId): Work<boolean> {
  return (yield* run('DELETE FROM api_keys WHERE user_id = ? AND id = ?', userId, keyId)) > 0;
}

/** What a request's bearer token is, when it is a key. */
export interface ApiKeyRow {
  id: number;
  user_id: number;
  scope: ApiKeyScope;
  expires_at: string | null;
  last_used_at: string | null;
  last_used_address: string | null;
}

export const apiKeyByHash = (keyHash: string): Work<ApiKeyRow | undefined> =>
  get<ApiKeyRow>(
    'SELECT id, user_id, scope, expires_at, last_used_at, last_used_address FROM api_keys WHERE key_hash = ?',
    keyHash,
  );

/** Whether a request with the key is worth noting (touchApiKey): the same test, before any write. */
export const apiKeyUseStale = (
  key: ApiKeyRow,
  at: Date,
  clientAddress: string,
  intervalMs: number,
): boolean =>
  key.last_used_at === null ||
  key.last_used_at < new Date(at.getTime() - intervalMs).toISOString() ||
  key.last_used_address !== clientAddress;

/**
 * Notes a request made with the key, as sessions note theirs: at most once per `intervalMs`, unless
 * it comes from another address than the last, so that the list shows where a key is used from.
 */
export const touchApiKey = (id: number, at: Date, clientAddress: string, intervalMs: number): Work<number> =>
  run(
    `UPDATE api_keys SET last_used_at = ?, last_used_address = ?
     WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ? OR last_used_address IS DISTINCT FROM ?)`,
    at.toISOString(),
    clientAddress,
    id,
    new Date(at.getTime() - intervalMs).toISOString(),
    clientAddress,
  );
