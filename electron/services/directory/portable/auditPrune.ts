import { run, type Work } from '../../../database/portable/steps';
import type { Pruned } from '../rules/auditRetention';
import { recordAuditEntry } from './auditLog';

/** Who the log names for its own pruning. */
export const RETENTION_ACTOR = 'retention';

/** The newest entry a prune removes. */
export interface PruneEnd {
  id: number;
  at: string;
  hash: string;
}

/**
 * Removes the oldest entries through `last`, their related targets with them, and leaves the log
 * verifiable: `audit_chain` keeps the id and hash of the last one removed, which the first kept
 * entry chains to, and an `audit.prune` entry, written at `at`, says what went. Only a run of the
 * oldest entries is removed, never one from the middle, which would break the chain. Must run
 * inside the write transaction that found `last`.
 */
export function* removeOldestThrough(last: PruneEnd, at: string, retentionDays: number): Work<Pruned> {
  const removed = yield* run('DELETE FROM audit_log WHERE id <= ?', last.id);
  yield* run('DELETE FROM audit_related WHERE entry_id <= ?', last.id);
  yield* run(
    `INSERT INTO audit_chain (id, pruned_through, pruned_hash) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET pruned_through = excluded.pruned_through, pruned_hash = excluded.pruned_hash`,
    last.id,
    last.hash,
  );
  const pruned: Pruned = { removed, throughId: last.id, throughAt: last.at };
  yield* recordAuditEntry(at, {
    actor: RETENTION_ACTOR,
    action: 'audit.prune',
    targetType: 'instance',
    after: { ...pruned, retentionDays },
  });
  return pruned;
}
