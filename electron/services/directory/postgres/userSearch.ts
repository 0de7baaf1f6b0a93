import type { Page, UserSummary } from '../../../../shared/domain/directory';
import type { UserPageRequest } from '../../../../shared/domain/userListing';
import { listingOf } from '../local/userListingQuery';
import { toUserSummary, type UserSummaryRow } from '../rules/userRows';
import type { DirectoryContext } from './directoryContext';
import { filtersOf, orderBy, SUMMARY_COLUMNS } from './userListingQuery';

/**
 * The users list: any order, any filters, the text as a substring of the search text, an offset
 * page and the exact total, read in one snapshot so that the two agree.
 */
export function createUserSearch(context: DirectoryContext) {
  return (request: UserPageRequest): Promise<Page<UserSummary>> => {
    const listing = listingOf(request);
    const { where, values } = filtersOf(listing, context.timestamp());
    const limit = `$${values.length + 1}`;
    const offset = `$${values.length + 2}`;
    return context.database.snapshot(async (tx) => {
      const rows = await tx.rows<UserSummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM users u ${where} ORDER BY ${orderBy(listing)} LIMIT ${limit} OFFSET ${offset}`,
        [...values, listing.limit, listing.offset],
      );
      // A page that ends before the limit, and is not past the end, is the last: it says the total.
      const last = rows.length < listing.limit && (rows.length > 0 || listing.offset === 0);
      const total = last
        ? listing.offset + rows.length
        : ((await tx.value<number>(`SELECT count(*) FROM users u ${where}`, values)) ?? 0);
      return { total, offset: listing.offset, items: rows.map(toUserSummary) };
    });
  };
}
