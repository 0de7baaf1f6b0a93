import type { UserStatus } from '../../../../../shared/domain/directory';
import { ROLE_LABELS, type Role } from '../../../../../shared/domain/roles';
import type { UserPageRequest } from '../../../../../shared/domain/userListing';

/** A group the list is narrowed to, with its name for the chip (the request needs only the id). */
export interface GroupChoice {
  id: number;
  name: string;
}

/**
 * What narrows the users list besides the text. Status is one of four, and the group filters are
 * either-or, as the contract has them; the rest combine freely.
 */
export interface UserFilters {
  status: UserStatus;
  locked: boolean;
  mustChangePassword: boolean;
  role: Role | undefined;
  group: GroupChoice | undefined;
  noGroup: boolean;
}

export const NO_FILTERS: UserFilters = {
  status: 'any',
  locked: false,
  mustChangePassword: false,
  role: undefined,
  group: undefined,
  noGroup: false,
};

export const STATUS_LABELS: Readonly<Record<UserStatus, string>> = {
  any: 'All',
  enabled: 'Enabled',
  disabled: 'Disabled',
  invited: 'Invited',
};

/** The statuses a filter chip can hold ('any' is no chip at all). */
export const statusFilters = ['enabled', 'disabled', 'invited'] as const satisfies readonly UserStatus[];

type ListingFields = Omit<UserPageRequest, 'query' | 'offset' | 'limit' | 'sort' | 'direction'>;

/** The filters as the page request carries them. */
export const listingOf = (filters: UserFilters): ListingFields => ({
  status: filters.status,
  locked: filters.locked,
  mustChangePassword: filters.mustChangePassword,
  noGroup: filters.noGroup,
  ...(filters.role ? { role: filters.role } : {}),
  ...(filters.group ? { groupId: filters.group.id } : {}),
});

export interface ActiveFilter {
  /** Stable across renders, for React and for focus. */
  key: string;
  label: string;
  /** The filters without this one. */
  without: (filters: UserFilters) => UserFilters;
}

/** The chips to show, in a fixed order so that they do not jump about as filters come and go. */
export function activeFilters(filters: UserFilters): ActiveFilter[] {
  const active: ActiveFilter[] = [];
  if (filters.status !== 'any')
    active.push({
      key: 'status',
      label: STATUS_LABELS[filters.status],
      without: (f) => ({ ...f, status: 'any' }),
    });
  if (filters.locked)
    active.push({ key: 'locked', label: 'Locked', without: (f) => ({ ...f, locked: false }) });
  if (filters.mustChangePassword)
    active.push({
      key: 'mustChangePassword',
      label: 'Must change password',
      without: (f) => ({ ...f, mustChangePassword: false }),
    });
  if (filters.role)
    active.push({
      key: 'role',
      label: `Role: ${ROLE_LABELS[filters.role]}`,
      without: (f) => ({ ...f, role: undefined }),
    });
  if (filters.group)
    active.push({
      key: 'group',
      label: `Member of ${filters.group.name}`,
      without: (f) => ({ ...f, group: undefined }),
    });
  if (filters.noGroup)
    active.push({ key: 'noGroup', label: 'Not in any group', without: (f) => ({ ...f, noGroup: false }) });
  return active;
}

export const anyFilter = (filters: UserFilters): boolean => activeFilters(filters).length > 0;

/**
 * What the list says when nothing matches: the filters in words where a sentence can hold them
 * ("No invited user matches "anna"."), else plainly.
 */
export function emptyListText(filters: UserFilters, query: string): string {
  const text = query.trim();
  const onlyStatus = activeFilters(filters).every((filter) => filter.key === 'status');
  if (onlyStatus && filters.status !== 'any') {
    const status = STATUS_LABELS[filters.status].toLowerCase();
    return text === '' ? `No user is ${status}.` : `No ${status} user matches "${text}".`;
  }
  return text === '' ? 'No user matches these filters.' : `No user matches "${text}" with these filters.`;
}
