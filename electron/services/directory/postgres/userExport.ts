import type { UserExportRequest } from '../../../../shared/domain/userExport';
import { listingOf } from '../local/userListingQuery';
import { EXPORT_CHUNK, exportedUsers, exportListing } from '../rules/exportChunks';
import type { UserSummaryRow } from '../rules/userRows';
import { usersCsvWriter } from '../usersCsvWriter';
import type { DirectoryContext } from './directoryContext';
import { filtersOf, orderBy, SUMMARY_COLUMNS } from './userListingQuery';

/**
 * The users list as CSV, read as the consumer pulls, as the SQLite directory writes it: which
 * users, and in what order, is decided at the first pull by one ordered read of their ids (the
 * list's filters and order); then each step reads a chunk of those users and their group names in
 * one snapshot. A user deleted meanwhile is left out; one changed meanwhile is written as it is now.
 * No connection is held between two pulls, however slow the consumer.
 */
export function createUserExport(context: DirectoryContext) {
  const { database } = context;
  const readChunk = (ids: readonly number[], withGroups: boolean) =>
    database.snapshot(async (tx) =>
      exportedUsers(
        ids,
        await tx.rows<UserSummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM users u WHERE u.id = ANY($1::int[])`, [
          ids,
        ]),
        withGroups
          ? await tx.rows<{ user_id: number; name: string }>(
              `SELECT m.user_id, g.name FROM memberships m JOIN groups g ON g.id = m.group_id
               WHERE m.user_id = ANY($1::int[]) ORDER BY g.name_key`,
              [ids],
            )
          : [],
      ),
    );

  return async function* exportUsers(request: UserExportRequest): AsyncGenerator<string> {
    const writer = usersCsvWriter(request.columns);
    const listing = listingOf(exportListing(request));
    const { where, values } = filtersOf(listing, context.timestamp());
    // One array rather than a row per user: a million ids stay a few megabytes.
    const ids =
      (await database.sql.value<number[]>(
        `SELECT array_agg(u.id ORDER BY ${orderBy(listing)}) FROM users u ${where}`,
        values,
      )) ?? [];
    const withGroups = request.columns.includes('groups');
    yield writer.header();
    for (let from = 0; from < ids.length; from += EXPORT_CHUNK) {
      yield writer.rows(await readChunk(ids.slice(from, from + EXPORT_CHUNK), withGroups));
    }
  };
}
