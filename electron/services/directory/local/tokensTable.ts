import type { Database } from 'better-sqlite3';
import type { UserId } from '../../../../shared/domain/directory';
import { runOnSqlite } from '../../../database/portable/sqliteRunner';
import * as pairs from '../portable/tokenPairsTable';

export type { TokenHashes } from '../portable/tokenPairsTable';

/** The SQLite directory's synchronous calls of the token pairs' work (portable/tokenPairsTable.ts). */
export const tokenInfo = (db: Database, userId: UserId) => runOnSqlite(db, pairs.tokenInfo(userId));
export const replaceTokenHashes = (db: Database, userId: UserId, hashes: pairs.TokenHashes) =>
  runOnSqlite(db, pairs.replaceTokenHashes(userId, hashes));
export const deleteTokenHashes = (db: Database, userId: UserId) =>
  runOnSqlite(db, pairs.deleteTokenHashes(userId));
