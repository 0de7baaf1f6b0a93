import type { Database } from 'better-sqlite3';
import type { AuditVerification } from '../../../../shared/domain/audit';
import { statement } from '../../../database/statements';
import {
  GENESIS_ANCHOR,
  VERIFY_BATCH,
  walkAuditChain,
  type ChainAnchor,
  type VerifiedRow,
} from '../rules/auditChainWalk';
import { AUDIT_CONTENT_COLUMNS } from './auditTable';

const anchorOf = (db: Database): ChainAnchor =>
  statement<[], ChainAnchor>(
    db,
    'SELECT pruned_through AS through, pruned_hash AS hash FROM audit_chain WHERE id = 1',
  ).get() ?? GENESIS_ANCHOR;

/** Rows as arrays, not objects: at a million entries, building the objects costs seconds. */
const batchAfter = (db: Database, id: number): VerifiedRow[] =>
  statement<[number, number], VerifiedRow>(
    db,
    `SELECT hash, ${AUDIT_CONTENT_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`,
  )
    .raw()
    .all(id, VERIFY_BATCH);

/** Checks the chain from the oldest entry kept (rules/auditChainWalk.ts). */
export async function verifyAuditChain(db: Database): Promise<AuditVerification> {
  const [anchor, first] = db.transaction(() => [anchorOf(db), batchAfter(db, 0)] as const)();
  return walkAuditChain(anchor, first, (id) => batchAfter(db, id));
}
