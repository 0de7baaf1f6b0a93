import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import {
  idempotencyCutoff,
  idempotencyKeyHash,
  replayedAnswer,
  storedCall,
  type IdempotentCall,
  type StoredCall,
} from '../rules/idempotency';

export type { IdempotentCall } from '../rules/idempotency';

/**
 * The idempotency_keys table (migration 0030). Both calls belong inside the create's own write
 * transaction: the answer is remembered if and only if the create committed, so a caller whose
 * answer was lost gets the first answer again, and a key sent twice at once creates once.
 */
export type IdempotencyKeys = ReturnType<typeof createIdempotencyKeys>;

export function createIdempotencyKeys(db: Database, now: () => Date) {
  return {
    /** The first answer to this call, if it was made in the window; the same key with another input is refused. */
    replay<S extends z.ZodType>(call: IdempotentCall, schema: S): z.output<S> | undefined {
      const row = db
        .prepare<[string, string], StoredCall>(
          'SELECT operation, fingerprint, sealed_answer FROM idempotency_keys WHERE key_hash = ? AND created_at >= ?',
        )
        .get(idempotencyKeyHash(call), idempotencyCutoff(now()));
      return row && replayedAnswer(call, row, schema);
    },

    remember(call: IdempotentCall, answer: unknown): void {
      db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(idempotencyCutoff(now()));
      db.prepare(
        `INSERT OR REPLACE INTO idempotency_keys (key_hash, operation, fingerprint, sealed_answer, created_at)
         VALUES (@key_hash, @operation, @fingerprint, @sealed_answer, @created_at)`,
      ).run(storedCall(call, answer, now()));
    },
  };
}
