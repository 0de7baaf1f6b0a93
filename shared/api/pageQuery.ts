import { z } from 'zod';
import {
  PAGE_LIMIT_MAX,
  PageRequestSchema,
  SearchTextSchema,
  UserStatusSchema,
  type PageRequest,
} from '../domain/directory';
import { RoleSchema } from '../domain/roles';
import {
  SortDirectionSchema,
  UserPageRequestSchema,
  UserSortKeySchema,
  type UserPageRequest,
} from '../domain/userListing';

/** A query parameter holding a whole number within bounds. */
export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, 'Use a whole number.')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** `?q=&limit=&offset=` of a list, with the bounds of the contract's page request. */
export const PageQuerySchema = z.strictObject({
  q: SearchTextSchema.optional(),
  limit: wholeNumber(1, PAGE_LIMIT_MAX).optional(),
  offset: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional(),
});
export type PageQuery = z.output<typeof PageQuerySchema>;

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** The filters and order of a users list, as query parameters: the list's and its export's. */
export const userListingQueryShape = {
  status: UserStatusSchema.optional(),
  locked: flag.optional(),
  mustChangePassword: flag.optional(),
  noGroup: flag.optional(),
  role: RoleSchema.optional(),
  group: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional(),
  sort: UserSortKeySchema.optional(),
  order: SortDirectionSchema.optional(),
};

/** Of a query with userListingQueryShape's fields: the two group filters exclude each other. */
export const oneGroupQuery = (query: { noGroup?: boolean | undefined; group?: number | undefined }) =>
  !(query.noGroup === true && query.group !== undefined);
export const ONE_GROUP_QUERY = {
  error: 'Choose either a group or noGroup=true, not both.',
  path: ['noGroup'],
};

/**
 * A users list also takes `?status=` (enabled, disabled, invited), the filters `locked`,
 * `mustChangePassword`, `noGroup` (true or false), `role` and `group` (a group id), and the order:
 * `sort` (a column) and `order` (asc or desc).
 */
export const UserPageQuerySchema = PageQuerySchema.extend(userListingQueryShape).refine(
  oneGroupQuery,
  ONE_GROUP_QUERY,
);
export type UserPageQuery = z.output<typeof UserPageQuerySchema>;

export const pageRequestOf = ({ q, limit, offset }: PageQuery): PageRequest =>
  PageRequestSchema.parse({ query: q, limit, offset });

/** A list's filters as its query parameters name them, as the directory names them. */
export const listingFiltersOf = (
  query: Pick<UserPageQuery, 'q' | 'status' | 'locked' | 'mustChangePassword' | 'noGroup' | 'role' | 'group'>,
) => ({
  query: query.q,
  status: query.status,
  locked: query.locked,
  mustChangePassword: query.mustChangePassword,
  noGroup: query.noGroup,
  role: query.role,
  groupId: query.group,
});

export const userPageRequestOf = (query: UserPageQuery): UserPageRequest =>
  UserPageRequestSchema.parse({
    ...listingFiltersOf(query),
    limit: query.limit,
    offset: query.offset,
    sort: query.sort,
    direction: query.order,
  });

/** The query string for a page request, as a client sends it; defaults are left out. */
export function pageQueryOf(request: UserPageRequest): Record<string, string> {
  const given = (name: string, value: string | number | boolean | undefined, fallback: unknown) =>
    value === undefined || value === fallback ? {} : { [name]: String(value) };
  return {
    ...given('q', request.query, ''),
    ...given('status', request.status, 'any'),
    ...given('locked', request.locked, false),
    ...given('mustChangePassword', request.mustChangePassword, false),
    ...given('noGroup', request.noGroup, false),
    ...given('role', request.role, undefined),
    ...given('group', request.groupId, undefined),
    ...given('sort', request.sort, 'username'),
    ...given('order', request.direction, 'asc'),
    limit: String(request.limit),
    offset: String(request.offset),
  };
}
