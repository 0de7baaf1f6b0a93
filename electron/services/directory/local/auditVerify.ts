import type { Database } from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuditVerification } from '../../../../shared/domain/audit';
import { statement } from '../../../database/statements';
import { auditContentHash, GENESIS_HASH, type AuditContentArray } from './auditChain';
import { AUDIT_CONTENT_COLUMNS } from './auditTable';

/** Entries read per step: large enough that reading costs little beside hashing, small enough to keep memory flat. */
const BATCH = 5_000;

interface Anchor {
  /** The newest entry retention removed, or 0. */
  through: number;
  hash: string;
}

const anchorOf = (db: Database): Anchor =>
  statement<[], Anchor>(
    db,
    'SELECT pruned_through AS through, pruned_hash AS hash FROM audit_chain WHERE id = 1',
  ).get() ?? { through: 0, hash: GENESIS_HASH };

/** An entry as verify reads it: its hash, then its content in the order the hash covers it. */
type VerifiedRow = [hash: string, ...AuditContentArray];

/** Rows as arrays, not objects: at a million entries, building the objects costs seconds. */
const batchAfter = (db: Database, id: number): VerifiedRow[] =>
  statement<[number, number], VerifiedRow>(
    db,
    `SELECT hash, ${AUDIT_CONTENT_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`,
  )
    .raw()
    .all(id, BATCH);

/** Why the entry does not chain to the one before it (`previousId`), or null when it does. */
function breakOf(row: VerifiedRow, previousId: number, previousHash: string): string | null {
  const [hash, ...content] = row;
  const [id] = content;
  if (id !== previousId + 1)
    return id - previousId === 2
      ? `Entry ${previousId + 1}, just before it, is missing.`
      : `Entries ${previousId + 1} to ${id - 1}, just before it, are missing.`;
  if (auditContentHash(previousHash, content) !== hash)
    return 'Its hash does not match its content and the entry before it: this entry was changed, or the one before it was.';
  return null;
}

/**
 * Walks the log in id order from the oldest entry kept, chained to the anchor retention left (or
 * to genesis), recomputing each entry's hash; stops at the first entry that does not chain. Ids
 * are given one after another, so a gap names the entry after the removed ones. Reads a batch at
 * a time and lets the process's other work run between two.
 */
export async function verifyAuditChain(db: Database): Promise<AuditVerification> {
  // The anchor and the first batch in one snapshot: a prune in between would move both.
  const [anchor, first] = db.transaction(() => [anchorOf(db), batchAfter(db, 0)] as const)();
  const prunedThrough = anchor.through === 0 ? null : anchor.through;
  let previousId = anchor.through;
  let previousHash = anchor.hash;
  let checked = 0;
  for (let rows = first; rows.length > 0; rows = batchAfter(db, previousId)) {
    for (const row of rows) {
      const [hash, id, at] = row;
      const reason = breakOf(row, previousId, previousHash);
      if (reason !== null) return { checked: checked + 1, firstBroken: { id, at, reason }, prunedThrough };
      checked++;
      previousId = id;
      previousHash = hash;
    }
    await nextTurn();
  }
  return { checked, firstBroken: null, prunedThrough };
}
