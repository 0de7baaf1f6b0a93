import { IdempotencyKeySchema, type CreateOptions, type WriteCondition } from '../../shared/domain/directory';
import { badInput, HttpError } from './httpErrors';

/** A strong ETag for a resource version. */
export const etagOf = (version: number): string => `"${version}"`;

const STRONG = /^"([1-9][0-9]{0,15})"$/;
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e]*"$/;

/**
 * If-Match of a write: `*` (any current version) or one ETag from a GET of the resource. Comparison
 * is strong (RFC 9110 §13.1.1): a weak or foreign tag can never match, so it answers 412.
 */
export function conditionOf(header: string | undefined): WriteCondition {
  const value = header?.trim();
  if (value === undefined || value === '' || value === '*') return {};
  if (!ENTITY_TAG.test(value))
    throw badInput('Send If-Match as one ETag from a GET of this resource, or *.', 'If-Match');
  const version = STRONG.exec(value)?.[1];
  if (version === undefined)
    throw new HttpError(412, 'STALE', 'That ETag is not a version of this resource: GET it again.');
  return { ifVersion: Number(version) };
}

export function createOptionsOf(header: string | undefined): CreateOptions {
  if (header === undefined) return {};
  const parsed = IdempotencyKeySchema.safeParse(header);
  if (!parsed.success)
    throw badInput(parsed.error.issues[0]?.message ?? 'Not a valid key.', 'Idempotency-Key');
  return { idempotencyKey: parsed.data };
}
