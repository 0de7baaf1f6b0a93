import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuditVerification } from '../../../../shared/domain/audit';
import { auditContentHash, GENESIS_HASH, type AuditContentArray } from '../local/auditChain';

/** Entries read per step: large enough that reading costs little beside hashing, small enough to keep memory flat. */
export const VERIFY_BATCH = 5_000;

/** Where the kept log starts: the newest entry retention removed (or 0), and its hash. */
export interface ChainAnchor {
  through: number;
  hash: string;
}

/** The anchor of a log retention never pruned. */
export const GENESIS_ANCHOR: ChainAnchor = { through: 0, hash: GENESIS_HASH };

/** An entry as verify reads it: its hash, then its content in the order the hash covers it. */
export type VerifiedRow = [hash: string, ...AuditContentArray];

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
 * are given one after another, so a gap names the entry after the removed ones. `first` is the
 * batch read with the anchor (in one snapshot: a prune in between would move both); `after` reads
 * the next batch in id order. The process's other work runs between two batches.
 */
export async function walkAuditChain(
  anchor: ChainAnchor,
  first: readonly VerifiedRow[],
  after: (id: number) => readonly VerifiedRow[] | Promise<readonly VerifiedRow[]>,
): Promise<AuditVerification> {
  const prunedThrough = anchor.through === 0 ? null : anchor.through;
  let previousId = anchor.through;
  let previousHash = anchor.hash;
  let checked = 0;
  for (let rows = first; rows.length > 0; rows = await after(previousId)) {
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
