import { z } from 'zod';
import { MAX_TEXT } from '../../../shared/contract/limits';
import { PAGE_LIMIT_MAX, PageRequestSchema } from '../../../shared/domain/directory';
import type { SearchRequest } from '../../services/directory/local/userSearch';
import { badInput, fromZod } from '../httpErrors';
import type { PublicContext } from '../router';

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, 'Use a whole number.')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** `?q=&limit=&offset=`, with the bounds of the contract's PageRequestSchema. Unknown parameters are refused. */
const PageQuerySchema = z.strictObject({
  q: z.string().max(MAX_TEXT).optional(),
  limit: wholeNumber(1, PAGE_LIMIT_MAX).optional(),
  offset: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional(),
});

export function pageQuery(context: PublicContext): SearchRequest {
  const seen = new Set<string>();
  for (const key of context.query.keys()) {
    if (seen.has(key)) throw badInput(`Give ${key} only once.`, key);
    seen.add(key);
  }
  // fromEntries defines own properties, so even `__proto__` arrives as an unknown parameter.
  const parsed = PageQuerySchema.safeParse(Object.fromEntries(context.query));
  if (!parsed.success) throw fromZod(parsed.error);
  const { q, limit, offset } = parsed.data;
  return PageRequestSchema.parse({ query: q, limit, offset });
}
