import type { Sql } from '../../../database/postgres/sql';
import { runOnPostgres } from '../../../database/portable/postgresRunner';
import type { ApiKeyId } from '../../../../shared/domain/apiKeys';
import type { UserId } from '../../../../shared/domain/directory';
import * as keys from '../portable/apiKeysTable';

/** The PostgreSQL directory's calls of the API keys' work (portable/apiKeysTable.ts), in `tx` or on the pool. */
export const insertApiKey = (tx: Sql, key: keys.NewApiKeyRow) => runOnPostgres(tx, keys.insertApiKey(key));
export const apiKeysOfUser = (sql: Sql, userId: UserId) => runOnPostgres(sql, keys.apiKeysOfUser(userId));
export const apiKeyOfUser = (sql: Sql, userId: UserId, keyId: ApiKeyId) =>
  runOnPostgres(sql, keys.apiKeyOfUser(userId, keyId));
export const countApiKeys = (sql: Sql, userId: UserId) => runOnPostgres(sql, keys.countApiKeys(userId));
export const apiKeyNameTaken = (sql: Sql, userId: UserId, name: string) =>
  runOnPostgres(sql, keys.apiKeyNameTaken(userId, name));
export const deleteApiKey = (tx: Sql, userId: UserId, keyId: ApiKeyId) =>
  runOnPostgres(tx, keys.deleteApiKey(userId, keyId));
