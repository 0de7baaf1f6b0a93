import { z } from 'zod';
import { GroupIdSchema, PageRequestSchema, type PageRequest } from './directory';
import { RoleSchema, type Role } from './roles';

/**
 * How a users list is narrowed and ordered, besides the text filter and the status of
 * PageRequest. Every filter narrows: they combine with each other and with the text (AND).
 */
export const userSortKeys = [
  'username',
  'displayName',
  'email',
  'role',
  'status',
  'lastSignIn',
  'created',
] as const;
export const UserSortKeySchema = z.enum(userSortKeys);
export type UserSortKey = z.infer<typeof UserSortKeySchema>;

export const sortDirections = ['asc', 'desc'] as const;
export const SortDirectionSchema = z.enum(sortDirections);
export type SortDirection = z.infer<typeof SortDirectionSchema>;

const listingShape = {
  /** Only accounts locked now by failed sign-ins. */
  locked: z.boolean().default(false),
  /** Only accounts whose password was reset and not yet changed. */
  mustChangePassword: z.boolean().default(false),
  role: RoleSchema.optional(),
  /** Only members of this group. */
  groupId: GroupIdSchema.optional(),
  /** Only users in no group at all. */
  noGroup: z.boolean().default(false),
};

const oneGroupFilter = (listing: { groupId?: number | undefined; noGroup: boolean }) =>
  !(listing.noGroup && listing.groupId !== undefined);
const ONE_GROUP_FILTER = {
  error: 'Choose either a group or "not in any group", not both.',
  path: ['noGroup'],
};

/**
 * A page of a users list. Ties within a sort column are broken by username, so that the order is
 * total and pages never overlap or skip a user.
 */
export const UserPageRequestSchema = PageRequestSchema.extend({
  ...listingShape,
  sort: UserSortKeySchema.default('username'),
  direction: SortDirectionSchema.default('asc'),
}).refine(oneGroupFilter, ONE_GROUP_FILTER);

/** Which users a list shows, whatever its order and paging: the text, the status and the filters. */
export const UserFiltersSchema = PageRequestSchema.pick({ query: true, status: true })
  .extend(listingShape)
  .refine(oneGroupFilter, ONE_GROUP_FILTER);
export type UserFilters = z.output<typeof UserFiltersSchema>;

/** A users page as the directory takes it: every listing field may be left out (then its default). */
export type UserPageRequest = PageRequest & {
  locked?: boolean;
  mustChangePassword?: boolean;
  role?: Role;
  groupId?: number;
  noGroup?: boolean;
  sort?: UserSortKey;
  direction?: SortDirection;
};
