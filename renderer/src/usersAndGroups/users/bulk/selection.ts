import type { UserSelection } from '../../../../../shared/domain/bulk';
import { BULK_MAX } from '../../../../../shared/domain/directory';
import type { UserFilters as ListingFilters } from '../../../../../shared/domain/userListing';
import type { UserFilters as ListFilters } from '../filters/userFilters';

/**
 * What the users list has selected: some users by id (the rows the admin clicked, or every loaded
 * row), or every user the list's text and filters match, less the ones unticked since. The second
 * covers rows never loaded, so it is sent as the filters and resolved by the instance.
 */
export type ListSelection =
  | { kind: 'ids'; ids: ReadonlySet<number> }
  | { kind: 'matching'; filters: ListingFilters; total: number; except: ReadonlySet<number> };

export const NOTHING_SELECTED: ListSelection = { kind: 'ids', ids: new Set() };

/** How many users the selection holds. */
export const selectedCount = (selection: ListSelection): number =>
  selection.kind === 'ids' ? selection.ids.size : Math.max(0, selection.total - selection.except.size);

export const isSelected = (selection: ListSelection, userId: number): boolean =>
  selection.kind === 'ids' ? selection.ids.has(userId) : !selection.except.has(userId);

/** The set with `id` added, or taken out when it was there: a Ctrl-click on a row. */
export function toggled(ids: ReadonlySet<number>, id: number): ReadonlySet<number> {
  const next = new Set(ids);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** The selection as a bulk request carries it; undefined when it is empty or too long to send by id. */
export function requestSelection(selection: ListSelection): UserSelection | undefined {
  if (selection.kind === 'ids')
    return selection.ids.size === 0 || selection.ids.size > BULK_MAX
      ? undefined
      : { kind: 'ids', userIds: [...selection.ids] };
  if (selectedCount(selection) === 0 || selection.except.size > BULK_MAX) return undefined;
  return { kind: 'matching', filters: selection.filters, except: [...selection.except] };
}

/**
 * The rows the list draws as selected while every matching user is: a Set whose `has` answers for
 * users it was never given (the list only asks `has`), so that no row needs loading to be ticked.
 */
export class EveryUserBut extends Set<number> {
  readonly #except: ReadonlySet<number>;
  constructor(except: ReadonlySet<number>) {
    super();
    this.#except = except;
  }
  override has(userId: number): boolean {
    return !this.#except.has(userId);
  }
}

/** The list's text and filters as a "matching" selection carries them (the list's own order aside). */
export const listingFilters = (query: string, filters: ListFilters): ListingFilters => ({
  query,
  status: filters.status,
  locked: filters.locked,
  mustChangePassword: filters.mustChangePassword,
  noGroup: filters.noGroup,
  ...(filters.role ? { role: filters.role } : {}),
  ...(filters.group ? { groupId: filters.group.id } : {}),
});
