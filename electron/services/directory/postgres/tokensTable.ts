import type { UserId } from '../../../../shared/domain/directory';
import { runOnPostgres } from '../../../database/portable/postgresRunner';
import type { Sql } from '../../../database/postgres/sql';
import * as pairs from '../portable/tokenPairsTable';

/** The PostgreSQL directory's calls of the token pairs' work (portable/tokenPairsTable.ts), in `tx`. */
export const tokenInfo = (tx: Sql, userId: UserId) => runOnPostgres(tx, pairs.tokenInfo(userId));
export const replaceTokenHashes = (tx: Sql, userId: UserId, hashes: pairs.TokenHashes) =>
  runOnPostgres(tx, pairs.replaceTokenHashes(userId, hashes));
export const deleteTokenHashes = (tx: Sql, userId: UserId) =>
  runOnPostgres(tx, pairs.deleteTokenHashes(userId));
