import type { AuditVerification } from '../../../../shared/domain/audit';
import type { PostgresDatabase } from '../../../database/postgres/postgresDatabase';
import type { Sql } from '../../../database/postgres/sql';
import type { AuditContentArray } from '../local/auditChain';
import { AUDIT_CONTENT_COLUMNS, type AuditRow } from '../local/auditTable';
import {
  GENESIS_ANCHOR,
  VERIFY_BATCH,
  walkAuditChain,
  type ChainAnchor,
  type VerifiedRow,
} from '../rules/auditChainWalk';

const anchorOf = async (sql: Sql): Promise<ChainAnchor> =>
  (await sql.row<ChainAnchor>(
    'SELECT pruned_through AS through, pruned_hash AS hash FROM audit_chain WHERE id = 1',
  )) ?? GENESIS_ANCHOR;

const CONTENT = AUDIT_CONTENT_COLUMNS.split(', ') as (keyof AuditRow)[];

const batchAfter = async (sql: Sql, id: number): Promise<VerifiedRow[]> =>
  (
    await sql.rows<AuditRow>(
      `SELECT hash, ${AUDIT_CONTENT_COLUMNS} FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
      [id, VERIFY_BATCH],
    )
  ).map((row) => [row.hash, ...(CONTENT.map((column) => row[column]) as unknown as AuditContentArray)]);

/**
 * Checks the chain from the oldest entry kept (rules/auditChainWalk.ts); the anchor and the first
 * batch are read in one snapshot, as a prune in between would move both.
 */
export async function verifyAuditChain(database: PostgresDatabase): Promise<AuditVerification> {
  const [anchor, first] = await database.snapshot(
    async (tx) => [await anchorOf(tx), await batchAfter(tx, 0)] as const,
  );
  return walkAuditChain(anchor, first, (id) => batchAfter(database.sql, id));
}
