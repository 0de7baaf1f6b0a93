import type { Database } from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { UserExportRequest } from '../../../../shared/domain/userExport';
import { statement } from '../../../database/statements';
import { usersCsvWriter, type ExportedUser } from '../usersCsvWriter';
import { createListingQueries, listingOf } from './userListingQuery';
import { userSummaryColumns, type UserSummaryRow } from './usersTable';
import { EXPORT_CHUNK, exportedUsers, exportListing } from '../rules/exportChunks';

/**
 * The users list of an instance file as CSV, read as the consumer pulls. Which users, and in what
 * order, is decided once, at the first pull, by one ordered read of their ids (the list's own
 * filters and order, so the file lists what the list would); then each step reads a chunk of
 * those users and their group names in one snapshot and writes them. A user deleted meanwhile is
 * left out; one changed meanwhile is written as it is now.
 */
export function createUserExport(db: Database, now: () => Date) {
  const queries = createListingQueries(db);
  const rowsOf = (ids: readonly number[]) =>
    statement<[string], UserSummaryRow>(
      db,
      `SELECT ${userSummaryColumns()} FROM users WHERE id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids));
  const groupNamesOf = (ids: readonly number[]) =>
    statement<[string], { user_id: number; name: string }>(
      db,
      `SELECT m.user_id, g.name FROM memberships m JOIN groups g ON g.id = m.group_id
       WHERE m.user_id IN (SELECT value FROM json_each(?)) ORDER BY g.name_key`,
    ).all(JSON.stringify(ids));

  const readChunk = db.transaction((ids: readonly number[], withGroups: boolean): ExportedUser[] =>
    exportedUsers(ids, rowsOf(ids), withGroups ? groupNamesOf(ids) : []),
  );

  return async function* exportUsers(request: UserExportRequest): AsyncGenerator<string> {
    const writer = usersCsvWriter(request.columns);
    const listing = listingOf(exportListing(request));
    const ids = queries.orderedIds(listing, now().toISOString());
    const withGroups = request.columns.includes('groups');
    yield writer.header();
    for (let from = 0; from < ids.length; from += EXPORT_CHUNK) {
      // Each chunk is read synchronously: between two, the process's other work (the dialog's
      // calls, the server's other requests) gets its turn even when the reader is quick.
      await nextTurn();
      yield writer.rows(readChunk(ids.slice(from, from + EXPORT_CHUNK), withGroups));
    }
  };
}
