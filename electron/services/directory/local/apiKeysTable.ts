import type { Database } from 'better-sqlite3';
import { statement } from '../../../database/statements';
import type { ApiKeyId, ApiKeyInfo, ApiKeyScope } from '../../../../shared/domain/apiKeys';
import type { UserId } from '../../../../shared/domain/directory';
import { uniqueKey } from '../../../../shared/domain/userRules';

/** Named API keys (migration 0070): only the SHA-256 of each value is kept. */
const INFO = `id, name, scope, created_at AS createdAt, expires_at AS expiresAt, last_used_at AS lastUsedAt,
  last_used_address AS lastUsedAddress`;

export interface NewApiKeyRow {
  userId: UserId;
  name: string;
  scope: ApiKeyScope;
  keyHash: string;
  createdAt: string;
  expiresAt: string | null;
}

export function insertApiKey(db: Database, key: NewApiKeyRow): ApiKeyId {
  const result = db
    .prepare(
      `INSERT INTO api_keys (user_id, name, name_key, scope, key_hash, created_at, expires_at)
       VALUES (@userId, @name, @nameKey, @scope, @keyHash, @createdAt, @expiresAt)`,
    )
    .run({ ...key, nameKey: uniqueKey(key.name) });
  return Number(result.lastInsertRowid);
}

export function apiKeysOfUser(db: Database, userId: UserId): ApiKeyInfo[] {
  return db
    .prepare<[number], ApiKeyInfo>(`SELECT ${INFO} FROM api_keys WHERE user_id = ? ORDER BY id`)
    .all(userId);
}

export function apiKeyOfUser(db: Database, userId: UserId, keyId: ApiKeyId): ApiKeyInfo | undefined {
  return db
    .prepare<[number, number], ApiKeyInfo>(`SELECT ${INFO} FROM api_keys WHERE user_id = ? AND id = ?`)
    .get(userId, keyId);
}

export const countApiKeys = (db: Database, userId: UserId): number =>
  statement<[number], { n: number }>(db, 'SELECT count(*) AS n FROM api_keys WHERE user_id = ?').get(userId)
    ?.n ?? 0;

export const apiKeyNameTaken = (db: Database, userId: UserId, name: string): boolean =>
  db
    .prepare<[number, string], { id: number }>('SELECT id FROM api_keys WHERE user_id = ? AND name_key = ?')
    .get(userId, uniqueKey(name)) !== undefined;

/** Keys of the user that never expire: only an API user may hold them. */
export const countEverlastingKeys = (db: Database, userId: UserId): number =>
  db
    .prepare<[number], { n: number }>(
      'SELECT count(*) AS n FROM api_keys WHERE user_id = ? AND expires_at IS NULL',
    )
    .get(userId)?.n ?? 0;

export function deleteApiKey(db: Database, userId: UserId, keyId: ApiKeyId): boolean {
  return statement(db, 'DELETE FROM api_keys WHERE user_id = ? AND id = ?').run(userId, keyId).changes > 0;
}

/** What a request's bearer token is, when it is a key. */
export interface ApiKeyRow {
  id: number;
  user_id: number;
  scope: ApiKeyScope;
  expires_at: string | null;
}

export function apiKeyByHash(db: Database, keyHash: string): ApiKeyRow | undefined {
  return db
    .prepare<[string], ApiKeyRow>('SELECT id, user_id, scope, expires_at FROM api_keys WHERE key_hash = ?')
    .get(keyHash);
}

/**
 * Notes a request made with the key, as sessions note theirs: at most once per `intervalMs`, unless
 * it comes from another address than the last, so that the list shows where a key is used from.
 */
export function touchApiKey(
  db: Database,
  id: number,
  at: Date,
  clientAddress: string,
  intervalMs: number,
): void {
  statement(
    db,
    `UPDATE api_keys SET last_used_at = @now, last_used_address = @clientAddress
     WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @since OR last_used_address IS NOT @clientAddress)`,
  ).run({
    id,
    now: at.toISOString(),
    since: new Date(at.getTime() - intervalMs).toISOString(),
    clientAddress,
  });
}
