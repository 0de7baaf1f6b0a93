import type { Directory } from '../directory';
import type { DirectoryContext } from './directoryContext';
import { createGroupLists } from './groupLists';
import { createListingCopy } from './listingCopy';
import { createUserExport } from './userExport';
import { createUserSearch } from './userSearch';
import { nextGenericUsername } from './usersTable';

/** The PostgreSQL directory's lists: users (searched and exported), groups, a group's members. */
export function createPostgresLists(
  context: DirectoryContext,
): Pick<Directory, 'searchUsers' | 'exportUsers' | 'searchGroups' | 'groupMembers' | 'nextUsername'> {
  return {
    searchUsers: createUserSearch(context, createListingCopy(context.database)),
    exportUsers: createUserExport(context),
    ...createGroupLists(context),
    nextUsername: () => nextGenericUsername(context.database.sql),
  };
}
