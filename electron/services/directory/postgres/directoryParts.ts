import { RosterError } from '../../../../shared/contract/errors';
import type {
  CreateOptions,
  GroupId,
  GroupSummary,
  UserDetail,
  UserId,
} from '../../../../shared/domain/directory';
import type { Sql } from '../../../database/postgres/sql';
import { groupGone } from '../rules/groupRows';
import { idempotentCall, type IdempotentCall } from '../rules/idempotency';
import { summaryOfRow, type UserRow } from '../rules/userRows';
import { createPostgresAccounts, type PostgresAccounts } from './accounts';
import type { DirectoryContext } from './directoryContext';
import { getGroup, groupsOfUser } from './groupsTable';
import { createIdempotencyKeys, type PostgresIdempotencyKeys } from './idempotencyKeys';
import { tokenInfo } from './tokensTable';
import { getUserRow } from './usersTable';

/** What every part of the PostgreSQL directory reads and checks with, each in the caller's `tx`. */
export interface DirectoryParts {
  context: DirectoryContext;
  accounts: PostgresAccounts;
  idempotency: PostgresIdempotencyKeys;
  /** The call an Idempotency-Key makes, in the caller's name; none without a key. */
  idempotent: (
    operation: string,
    input: unknown,
    options: CreateOptions | undefined,
  ) => IdempotentCall | undefined;
  requireUser: (tx: Sql, id: UserId) => Promise<UserRow>;
  /** A user the caller may change (a User manager may not change Administrators or User managers). */
  manageableUser: (tx: Sql, id: UserId) => Promise<UserRow>;
  /** Refuses when any of `ids` names no user. */
  requireUsers: (tx: Sql, ids: readonly UserId[]) => Promise<void>;
  requireGroup: (tx: Sql, id: GroupId) => Promise<GroupSummary>;
  detail: (tx: Sql, id: UserId) => Promise<UserDetail>;
  /** The signed-in caller's own user; a caller who is no user of the instance has none. */
  ownId: () => UserId;
}

const userGone = (): RosterError => new RosterError('NOT_FOUND', 'That user no longer exists.', 'userId');

export function createDirectoryParts(context: DirectoryContext): DirectoryParts {
  const accounts = createPostgresAccounts(context);
  const requireUser = async (tx: Sql, id: UserId): Promise<UserRow> => {
    const row = await getUserRow(tx, id);
    if (!row) throw userGone();
    return row;
  };
  return {
    context,
    accounts,
    idempotency: createIdempotencyKeys(context.now),
    idempotent: (operation, input, options) => idempotentCall(context.actorName(), operation, input, options),
    requireUser,
    async manageableUser(tx, id) {
      const row = await requireUser(tx, id);
      accounts.assertMayManage(row);
      return row;
    },
    async requireUsers(tx, ids) {
      const found = await tx.rows<{ id: number }>('SELECT id FROM users WHERE id = ANY($1::int[])', [ids]);
      const exist = new Set(found.map((row) => row.id));
      const missing = ids.filter((id) => !exist.has(id)).length;
      if (missing > 0)
        throw new RosterError('NOT_FOUND', `${missing} of the selected users no longer exist.`, 'userIds');
    },
    async requireGroup(tx, id) {
      const group = await getGroup(tx, id);
      if (!group) throw groupGone();
      return group;
    },
    async detail(tx, id) {
      const row = await requireUser(tx, id);
      return {
        ...summaryOfRow(row),
        version: row.version,
        updatedAt: row.updated_at,
        mustChangePassword: row.must_change_password === 1,
        mayResetOwnPassword: row.may_reset_own_password === 1,
        groups: await groupsOfUser(tx, id),
        token: await tokenInfo(tx, id),
      };
    },
    ownId() {
      const id = context.callerUserId();
      if (id === null)
        throw new RosterError(
          'FORBIDDEN',
          'Only a signed-in user of the instance has a profile of their own.',
        );
      return id;
    },
  };
}
