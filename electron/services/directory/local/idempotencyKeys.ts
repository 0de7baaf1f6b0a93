import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { RosterError } from '../../../../shared/contract/errors';
import { hmacHex, seal, sha256Hex, unseal } from '../../../secrets/sealing';

/** How long a key answers its first result (the usual window of idempotent APIs). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** One create as an Idempotency-Key identifies it: whose key, which operation, with what input. */
export interface IdempotentCall {
  key: string;
  /** Who sent it: keys of different callers never meet. */
  scope: string;
  operation: string;
  input: unknown;
}

interface KeyRow {
  operation: string;
  fingerprint: string;
  sealed_answer: Buffer;
  created_at: string;
}

/**
 * The idempotency_keys table (migration 0030). Both calls belong inside the create's own write
 * transaction: the answer is remembered if and only if the create committed, so a caller whose
 * answer was lost gets the first answer again, and a key sent twice at once creates once.
 */
export type IdempotencyKeys = ReturnType<typeof createIdempotencyKeys>;

export function createIdempotencyKeys(db: Database, now: () => Date) {
  const keyHash = (call: IdempotentCall) => sha256Hex(`${call.scope}\n${call.key}`);
  const fingerprint = (call: IdempotentCall) =>
    hmacHex(call.key, `${call.operation}\n${JSON.stringify(call.input)}`);
  const cutoff = () => new Date(now().getTime() - IDEMPOTENCY_WINDOW_MS).toISOString();

  return {
    /** The first answer to this call, if it was made in the window; the same key with another input is refused. */
    replay<S extends z.ZodType>(call: IdempotentCall, schema: S): z.output<S> | undefined {
      const row = db
        .prepare<[string, string], KeyRow>(
          'SELECT operation, fingerprint, sealed_answer, created_at FROM idempotency_keys WHERE key_hash = ? AND created_at >= ?',
        )
        .get(keyHash(call), cutoff());
      if (!row) return undefined;
      if (row.operation !== call.operation || row.fingerprint !== fingerprint(call))
        throw new RosterError(
          'CONFLICT',
          'That Idempotency-Key was already used for a different request: make up a new key for a new request.',
          'idempotencyKey',
        );
      const text = unseal(call.key, call.scope, row.sealed_answer);
      const parsed = text === undefined ? undefined : schema.safeParse(JSON.parse(text));
      if (!parsed?.success)
        throw new RosterError('INTERNAL', 'The first answer to that Idempotency-Key cannot be read back.');
      return parsed.data;
    },

    remember(call: IdempotentCall, answer: unknown): void {
      db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(cutoff());
      db.prepare(
        `INSERT OR REPLACE INTO idempotency_keys (key_hash, operation, fingerprint, sealed_answer, created_at)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(
        keyHash(call),
        call.operation,
        fingerprint(call),
        seal(call.key, call.scope, JSON.stringify(answer)),
        now().toISOString(),
      );
    },
  };
}
