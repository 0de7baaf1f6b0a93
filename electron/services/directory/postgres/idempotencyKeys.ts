import type { z } from 'zod';
import type { Sql } from '../../../database/postgres/sql';
import {
  idempotencyCutoff,
  idempotencyKeyHash,
  replayedAnswer,
  storedCall,
  type IdempotentCall,
  type StoredCall,
} from '../rules/idempotency';

/**
 * The idempotency_keys table. Both calls belong inside the create's own write transaction: the
 * answer is remembered if and only if the create committed, so a caller whose answer was lost gets
 * the first answer again, and a key sent twice at once (to any process) creates once.
 */
export type PostgresIdempotencyKeys = ReturnType<typeof createIdempotencyKeys>;

export function createIdempotencyKeys(now: () => Date) {
  return {
    /** The first answer to this call, if it was made in the window; the same key with another input is refused. */
    async replay<S extends z.ZodType>(
      tx: Sql,
      call: IdempotentCall,
      schema: S,
    ): Promise<z.output<S> | undefined> {
      const row = await tx.row<StoredCall>(
        'SELECT operation, fingerprint, sealed_answer FROM idempotency_keys WHERE key_hash = $1 AND created_at >= $2',
        [idempotencyKeyHash(call), idempotencyCutoff(now())],
      );
      return row && replayedAnswer(call, row, schema);
    },

    async remember(tx: Sql, call: IdempotentCall, answer: unknown): Promise<void> {
      await tx.run('DELETE FROM idempotency_keys WHERE created_at < $1', [idempotencyCutoff(now())]);
      const row = storedCall(call, answer, now());
      await tx.run(
        `INSERT INTO idempotency_keys (key_hash, operation, fingerprint, sealed_answer, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key_hash) DO UPDATE SET operation = excluded.operation, fingerprint = excluded.fingerprint,
           sealed_answer = excluded.sealed_answer, created_at = excluded.created_at`,
        [row.key_hash, row.operation, row.fingerprint, row.sealed_answer, row.created_at],
      );
    },
  };
}
