import { RosterError } from '../../../../shared/contract/errors';
import type { BulkAction, BulkSecret } from '../../../../shared/domain/bulk';
import { PAGE_LIMIT_MAX, type GroupId, type UserId } from '../../../../shared/domain/directory';
import { listingOf } from '../local/userListingQuery';
import type { Sql } from '../../../database/postgres/sql';
import { runOnPostgres } from '../../../database/portable/postgresRunner';
import type { BulkWork, ChunkDone } from '../bulkJobs';
import type { ChunkAfter } from '../chunkedJobs';
import {
  BULK_NOTE,
  bulkChunkSize,
  bulkDeleteEntry,
  bulkEnabledEntry,
  bulkGroupsEntry,
  selectedIds,
} from '../rules/bulkRules';
import { chunkMails } from '../rules/chunkMails';
import { pathOnlyInvitations } from '../rules/invitations';
import type { PostgresLifecycle } from './accountLifecycle';
import type { DirectoryParts } from './directoryParts';
import { groupsOfUser } from './groupsTable';
import type { createKeptSecrets } from './keptSecrets';
import { addMemberships, removeMemberships } from './membershipsTable';
import { deleteTokenHashes } from './tokensTable';
import { filtersOf, orderBy } from './userListingQuery';
import { deleteUserRows, getUserRow, updateUserRow } from './usersTable';

export interface PostgresBulkDeps {
  lifecycle: Pick<PostgresLifecycle, 'resetInWrite' | 'reinviteInWrite' | 'temporaryPassword'>;
  secrets: ReturnType<typeof createKeptSecrets>;
}

type ChunkMails = ReturnType<typeof chunkMails>;

/** What one user's change came to inside a chunk. */
type RowOutcome = 'changed' | 'unchanged';

/** Temporary passwords, made and hashed before a reset chunk's write. */
type Prepared = ReadonlyMap<UserId, { temporaryPassword: string; passwordHash: string }>;
const NOTHING: Prepared = new Map();

/**
 * Bulk actions over PostgreSQL, as local/bulkWork.ts: each chunk is one write transaction, after
 * the lock every writer takes. Every rule about a user is checked before anything of theirs is
 * written, so a refused user writes nothing and the others go on; any other failure rolls the
 * whole chunk back, and so does a process that dies in the middle of one (the server drops the
 * connection's open transaction).
 */
export function createPostgresBulkWork(parts: DirectoryParts, deps: PostgresBulkDeps): BulkWork<Prepared> {
  const { context, accounts, manageableUser, requireGroup } = parts;
  const { database, hasher, timestamp, audit } = context;
  const { lifecycle, secrets } = deps;

  const setEnabled = async (tx: Sql, id: UserId, enabled: boolean): Promise<RowOutcome> => {
    const current = await manageableUser(tx, id);
    if ((current.enabled === 1) === enabled) return 'unchanged';
    if (!enabled) await accounts.assertAdminRemains(tx, [id]);
    await updateUserRow(tx, current, { enabled, now: timestamp() });
    // A disabled user's token must stop working at once, as for one disabled alone.
    const hadToken = !enabled && (await deleteTokenHashes(tx, id));
    await audit(tx, bulkEnabledEntry(id, enabled, hadToken));
    return 'changed';
  };

  const remove = async (tx: Sql, id: UserId): Promise<RowOutcome> => {
    const current = await manageableUser(tx, id);
    await accounts.assertAdminRemains(tx, [id]);
    await audit(tx, bulkDeleteEntry(current));
    await deleteUserRows(tx, [id]);
    return 'changed';
  };

  const groupNames = async (tx: Sql, id: UserId): Promise<string[]> =>
    (await groupsOfUser(tx, id)).map((group) => group.name);

  const membership = async (tx: Sql, id: UserId, groupId: GroupId, add: boolean): Promise<RowOutcome> => {
    await manageableUser(tx, id);
    const before = await groupNames(tx, id);
    const changed = await (add ? addMemberships : removeMemberships)(tx, groupId, [id]);
    if (changed.length === 0) return 'unchanged';
    await audit(tx, bulkGroupsEntry(id, { before, after: await groupNames(tx, id) }, groupId));
    return 'changed';
  };

  /** One user's change; the secrets it makes, if any, go to `made`, links by way of `mails`. */
  const applyOne = async (
    tx: Sql,
    action: BulkAction,
    id: UserId,
    prepared: Prepared,
    made: BulkSecret[],
    mails: ChunkMails,
  ): Promise<RowOutcome> => {
    switch (action.kind) {
      case 'enable':
        return setEnabled(tx, id, true);
      case 'disable':
        return setEnabled(tx, id, false);
      case 'delete':
        return remove(tx, id);
      case 'setRole': {
        const before = (await manageableUser(tx, id)).role;
        if (before === action.role) return 'unchanged';
        await accounts.setRoleIn(tx, id, action.role, undefined, BULK_NOTE);
        return 'changed';
      }
      case 'addToGroup':
        return membership(tx, id, action.groupId, true);
      case 'removeFromGroup':
        return membership(tx, id, action.groupId, false);
      case 'resetPassword': {
        const reset = prepared.get(id);
        if (!reset) throw new RosterError('NOT_FOUND', 'That user no longer exists.');
        await lifecycle.resetInWrite(tx, id, { ...reset, generated: true }, BULK_NOTE);
        made.push({
          userId: id,
          username: (await manageableUser(tx, id)).username,
          temporaryPassword: reset.temporaryPassword,
        });
        return 'changed';
      }
      case 'resendInvitation': {
        const issued = await lifecycle.reinviteInWrite(tx, id, action, BULK_NOTE);
        made.push(mails.secretOf(await manageableUser(tx, id), issued));
        return 'changed';
      }
    }
  };

  return {
    async check(action) {
      if (action.kind === 'addToGroup' || action.kind === 'removeFromGroup')
        await requireGroup(database.sql, action.groupId);
      if (action.kind === 'setRole') accounts.assertMayGrant(action.role);
    },

    async resolve(selection) {
      if (selection.kind === 'ids') return selectedIds(selection);
      // Every user of the list, in its order, in one statement: one moment of the directory.
      const listing = listingOf({ ...selection.filters, offset: 0, limit: PAGE_LIMIT_MAX });
      const { where, values } = filtersOf(listing, timestamp());
      const rows = await database.sql.rows<{ id: number }>(
        `SELECT u.id FROM users u ${where} ORDER BY ${orderBy(listing)}`,
        values,
      );
      return selectedIds(
        selection,
        rows.map((row) => row.id),
      );
    },

    chunkSize: bulkChunkSize,

    async prepare(action, userIds) {
      if (action.kind !== 'resetPassword') return NOTHING;
      const existing = await database.sql.rows<{ id: number }>(
        'SELECT id FROM users WHERE id = ANY($1::int[])',
        [userIds],
      );
      const exists = new Set(existing.map((row) => row.id));
      const prepared = new Map<UserId, { temporaryPassword: string; passwordHash: string }>();
      for (const id of userIds) {
        if (!exists.has(id)) continue;
        const temporaryPassword = await lifecycle.temporaryPassword(database.sql);
        prepared.set(id, { temporaryPassword, passwordHash: await hasher.hash(temporaryPassword) });
      }
      return prepared;
    },

    async apply(action, userIds, prepared, record): Promise<ChunkAfter> {
      const leaving = action.kind === 'delete' || action.kind === 'disable';
      const mails = chunkMails(
        context.invitations ?? pathOnlyInvitations,
        action.kind === 'resendInvitation' && action.sendEmail,
      );
      const done: ChunkDone = { changed: 0, unchanged: 0, refusals: [], secrets: [] };
      const kept = await database.write(async (tx) => {
        if (action.kind === 'addToGroup' || action.kind === 'removeFromGroup')
          await requireGroup(tx, action.groupId);
        const secretsBefore = leaving
          ? await secrets.keptSecretsOfAll(tx, userIds, action.kind === 'delete')
          : undefined;
        for (const id of userIds) {
          try {
            done[await applyOne(tx, action, id, prepared, done.secrets, mails)] += 1;
          } catch (error) {
            if (!(error instanceof RosterError)) throw error;
            done.refusals.push({
              userId: id,
              username: (await getUserRow(tx, id))?.username ?? '',
              reason: error.message,
            });
          }
        }
        await runOnPostgres(tx, record(done));
        return secretsBefore;
      });
      return {
        afterwards: async () => {
          if (kept !== undefined) await secrets.forgetSecrets(kept);
        },
        deliver: mails.deliver(done.secrets),
      };
    },
  };
}
