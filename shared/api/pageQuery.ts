import { z } from 'zod';
import { MAX_TEXT } from '../contract/limits';
import { PAGE_LIMIT_MAX, PageRequestSchema, UserStatusSchema, type PageRequest } from '../domain/directory';

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, 'Use a whole number.')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** `?q=&limit=&offset=` of a list, with the bounds of the contract's page request. */
export const PageQuerySchema = z.strictObject({
  q: z.string().max(MAX_TEXT).optional(),
  limit: wholeNumber(1, PAGE_LIMIT_MAX).optional(),
  offset: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional(),
});
export type PageQuery = z.output<typeof PageQuerySchema>;

/** A users list also takes `?status=` (enabled, disabled, invited). */
export const UserPageQuerySchema = PageQuerySchema.extend({ status: UserStatusSchema.optional() });

export const pageRequestOf = ({ q, limit, offset, ...rest }: PageQuery & { status?: string }): PageRequest =>
  PageRequestSchema.parse({ query: q, limit, offset, status: rest.status });

/** The query string for a page request, as a client sends it. */
export function pageQueryOf(request: PageRequest): Record<string, string> {
  return {
    ...(request.query === '' ? {} : { q: request.query }),
    ...(request.status === undefined || request.status === 'any' ? {} : { status: request.status }),
    limit: String(request.limit),
    offset: String(request.offset),
  };
}
