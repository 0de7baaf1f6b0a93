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

/** A remembered call as the idempotency_keys table holds it: the key itself is never stored. */
export interface StoredCall {
  key_hash: string;
  operation: string;
  fingerprint: string;
  sealed_answer: Buffer;
  created_at: string;
}

export const idempotencyKeyHash = (call: IdempotentCall): string => sha256Hex(`${call.scope}\n${call.key}`);

const fingerprint = (call: IdempotentCall) =>
  hmacHex(call.key, `${call.operation}\n${JSON.stringify(call.input)}`);

/** Keys made before this are forgotten. */
export const idempotencyCutoff = (now: Date): string =>
  new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS).toISOString();

/** The row that remembers `answer` to `call`, sealed under the call's key. */
export const storedCall = (call: IdempotentCall, answer: unknown, now: Date): StoredCall => ({
  key_hash: idempotencyKeyHash(call),
  operation: call.operation,
  fingerprint: fingerprint(call),
  sealed_answer: seal(call.key, call.scope, JSON.stringify(answer)),
  created_at: now.toISOString(),
});

/** The first answer to `call` from its stored row; the same key with another input is refused. */
export function replayedAnswer<S extends z.ZodType>(
  call: IdempotentCall,
  row: Pick<StoredCall, 'operation' | 'fingerprint' | 'sealed_answer'>,
  schema: S,
): z.output<S> {
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
}

/** The call an Idempotency-Key in `options` makes of `operation`, in the name of `scope`; none without a key. */
export const idempotentCall = (
  scope: string,
  operation: string,
  input: unknown,
  options: { idempotencyKey?: string } | undefined,
): IdempotentCall | undefined =>
  options?.idempotencyKey === undefined
    ? undefined
    : { key: options.idempotencyKey, scope, operation, input };
