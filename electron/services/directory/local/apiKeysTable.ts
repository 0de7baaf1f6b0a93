import type { Database } from 'better-sqlite3';
import type { ApiKeyId } from '../../../../shared/domain/apiKeys';
import type { UserId } from '../../../../shared/domain/directory';
import { runOnSqlite } from '../../../database/portable/sqliteRunner';
import * as keys from '../portable/apiKeysTable';

/** The SQLite directory's synchronous calls of the API keys' work (portable/apiKeysTable.ts). */
export const insertApiKey = (db: Database, key: keys.NewApiKeyRow) => runOnSqlite(db, keys.insertApiKey(key));
export const apiKeysOfUser = (db: Database, userId: UserId) => runOnSqlite(db, keys.apiKeysOfUser(userId));
export const apiKeyOfUser = (db: Database, userId: UserId, keyId: ApiKeyId) =>
  runOnSqlite(db, keys.apiKeyOfUser(userId, keyId));
export const countApiKeys = (db: Database, userId: UserId) => runOnSqlite(db, keys.countApiKeys(userId));
export const apiKeyNameTaken = (db: Database, userId: UserId, name: string) =>
  runOnSqlite(db, keys.apiKeyNameTaken(userId, name));
export const countEverlastingKeys = (db: Database, userId: UserId) =>
  runOnSqlite(db, keys.countEverlastingKeys(userId));
export const deleteApiKey = (db: Database, userId: UserId, keyId: ApiKeyId) =>
  runOnSqlite(db, keys.deleteApiKey(userId, keyId));
