import type { SortDirection, UserSortKey } from '../../../../../shared/domain/userListing';
import { COLUMN_LABELS, type OptionalColumn } from '../../userColumnsStore';

export interface UserSort {
  key: UserSortKey;
  direction: SortDirection;
}

export const DEFAULT_SORT: UserSort = { key: 'username', direction: 'asc' };

export const SORT_LABELS: Readonly<Record<UserSortKey, string>> = {
  username: 'Username',
  displayName: 'Display name',
  email: 'Email',
  role: 'Role',
  status: 'Status',
  ...COLUMN_LABELS,
};

/** The list's columns left to right: the fixed ones, the optional ones shown, then the status. */
export const headerColumns = (shown: readonly OptionalColumn[]): UserSortKey[] => [
  'username',
  'displayName',
  'email',
  'role',
  ...shown,
  'status',
];

/** A header clicked: its column ascending, or the other way round when it already sorts the list. */
export const sortBy = (current: UserSort, key: UserSortKey): UserSort =>
  current.key === key
    ? { key, direction: current.direction === 'asc' ? 'desc' : 'asc' }
    : { key, direction: 'asc' };

/** The sort in force: one by a column the admin has since hidden falls back to the default. */
export const effectiveSort = (sort: UserSort, shown: readonly OptionalColumn[]): UserSort =>
  headerColumns(shown).includes(sort.key) ? sort : DEFAULT_SORT;
