import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../../shared/contract/errors';
import type { BulkAction, BulkSecret, UserSelection } from '../../../../shared/domain/bulk';
import { PAGE_LIMIT_MAX, type GroupId, type UserId } from '../../../../shared/domain/directory';
import type { UserPageRequest } from '../../../../shared/domain/userListing';
import type { PasswordHasher } from '../../../secrets/passwordHasher';
import { runOnSqlite } from '../../../database/portable/sqliteRunner';
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
import type { InvitationDelivery } from '../rules/invitations';
import type { Accounts } from './accounts';
import type { AuditRecord } from './auditLog';
import { getGroup, groupsOfUser } from './groupsTable';
import { addMemberships, removeMemberships } from './membershipsTable';
import { deleteTokenHashes } from './tokensTable';
import { deleteUserRows, getUserRow, setEnabledRow, type UserRow } from './usersTable';
import type { UserSearch } from './userSearch';

type ChunkMails = ReturnType<typeof chunkMails>;

/** What one user's change came to inside a chunk. */
type RowOutcome = 'changed' | 'unchanged';

export interface BulkWorkContext {
  db: Database;
  hasher: PasswordHasher;
  now: () => Date;
  accounts: Accounts;
  search: UserSearch;
  audit: (entry: Omit<AuditRecord, 'actor'>) => void;
  manageableUser: (id: UserId) => UserRow;
  /** How re-sent links are mailed, when the action asks for it. */
  invitations: InvitationDelivery;
  /** The directory's own ways, so that one user or many are reset and re-invited alike. */
  lifecycle: {
    temporaryPassword: () => string;
    resetInWrite: (
      id: UserId,
      reset: { temporaryPassword: string; passwordHash: string; generated: boolean },
      detail: string,
    ) => void;
    reinviteInWrite: (
      id: UserId,
      terms: { expiresInHours: number },
      detail: string,
    ) => { link: string; expiresAt: string };
  };
  /**
   * What deleted users (their pair and key values) or disabled ones (their pair) leave in this
   * machine's keychain, noted inside the write, and dropped from the keychain after it.
   */
  keptSecretsOf: (ids: readonly UserId[], withKeys: boolean) => KeptSecrets;
  forgetSecrets: (kept: KeptSecrets) => Promise<void>;
}

export type KeptSecrets = readonly { id: UserId; token: boolean; keyIds: readonly number[] }[];

/** Temporary passwords, made and hashed before a reset chunk's write. */
type Prepared = ReadonlyMap<UserId, { temporaryPassword: string; passwordHash: string }>;
const NOTHING: Prepared = new Map();

/**
 * Bulk actions over an instance file: each chunk is one immediate transaction. Every rule about a
 * user (the last Administrator, whom the caller may manage, whether they still exist) is checked
 * before anything of theirs is written, so a refused user writes nothing and the others go on;
 * any other failure rolls the whole chunk back.
 */
export function createBulkWork(context: BulkWorkContext): BulkWork<Prepared> {
  const { db, hasher, now, accounts, search, audit, manageableUser, lifecycle } = context;
  const timestamp = () => now().toISOString();

  const requireGroup = (groupId: GroupId) => {
    const group = getGroup(db, groupId);
    if (!group) throw new RosterError('NOT_FOUND', 'That group no longer exists.', 'groupId');
    return group;
  };

  const setEnabled = (id: UserId, enabled: boolean): RowOutcome => {
    const current = manageableUser(id);
    if ((current.enabled === 1) === enabled) return 'unchanged';
    if (!enabled) accounts.assertAdminRemains([id]);
    setEnabledRow(db, id, enabled, timestamp());
    // A disabled user's token must stop working at once, as for one disabled alone.
    const hadToken = !enabled && deleteTokenHashes(db, id);
    audit(bulkEnabledEntry(id, enabled, hadToken));
    return 'changed';
  };

  const remove = (id: UserId): RowOutcome => {
    const current = manageableUser(id);
    accounts.assertAdminRemains([id]);
    audit(bulkDeleteEntry(current));
    deleteUserRows(db, [id]);
    return 'changed';
  };

  /** One user's groups, as they read in the audit log. */
  const groupNames = (id: UserId) => groupsOfUser(db, id).map((group) => group.name);

  const membership = (id: UserId, groupId: GroupId, add: boolean): RowOutcome => {
    manageableUser(id);
    const before = groupNames(id);
    const changed = (add ? addMemberships : removeMemberships)(db, groupId, [id]);
    if (changed === 0) return 'unchanged';
    audit(bulkGroupsEntry(id, { before, after: groupNames(id) }, groupId));
    return 'changed';
  };

  /** One user's change; the secrets it makes, if any, go to `secrets`, links by way of `mails`. */
  const applyOne = (
    action: BulkAction,
    id: UserId,
    prepared: Prepared,
    secrets: BulkSecret[],
    mails: ChunkMails,
  ): RowOutcome => {
    switch (action.kind) {
      case 'enable':
        return setEnabled(id, true);
      case 'disable':
        return setEnabled(id, false);
      case 'delete':
        return remove(id);
      case 'setRole': {
        const before = manageableUser(id).role;
        if (before === action.role) return 'unchanged';
        accounts.setRole(id, action.role, undefined, BULK_NOTE);
        return 'changed';
      }
      case 'addToGroup':
        return membership(id, action.groupId, true);
      case 'removeFromGroup':
        return membership(id, action.groupId, false);
      case 'resetPassword': {
        const reset = prepared.get(id);
        if (!reset) throw new RosterError('NOT_FOUND', 'That user no longer exists.');
        lifecycle.resetInWrite(id, { ...reset, generated: true }, BULK_NOTE);
        secrets.push({
          userId: id,
          username: manageableUser(id).username,
          temporaryPassword: reset.temporaryPassword,
        });
        return 'changed';
      }
      case 'resendInvitation': {
        const issued = lifecycle.reinviteInWrite(id, action, BULK_NOTE);
        secrets.push(mails.secretOf(manageableUser(id), issued));
        return 'changed';
      }
    }
  };

  /** Every user of a list, in its order, read in one snapshot of the file. */
  const matchingIds = (request: UserPageRequest): UserId[] =>
    db.transaction(() => {
      const ids: UserId[] = [];
      for (let offset = 0; ; offset += PAGE_LIMIT_MAX) {
        const page = search.search({ ...request, offset, limit: PAGE_LIMIT_MAX });
        ids.push(...page.items.map((user) => user.id));
        if (page.items.length < PAGE_LIMIT_MAX || ids.length >= page.total) return ids;
      }
    })();

  return {
    check(action) {
      if (action.kind === 'addToGroup' || action.kind === 'removeFromGroup') requireGroup(action.groupId);
      if (action.kind === 'setRole') accounts.assertMayGrant(action.role);
    },

    resolve: (selection: UserSelection): UserId[] =>
      selectedIds(
        selection,
        selection.kind === 'ids'
          ? []
          : matchingIds({ ...selection.filters, offset: 0, limit: PAGE_LIMIT_MAX }),
      ),

    chunkSize: bulkChunkSize,

    async prepare(action, userIds) {
      if (action.kind !== 'resetPassword') return NOTHING;
      const prepared = new Map<UserId, { temporaryPassword: string; passwordHash: string }>();
      for (const id of userIds) {
        if (!getUserRow(db, id)) continue;
        const temporaryPassword = lifecycle.temporaryPassword();
        prepared.set(id, { temporaryPassword, passwordHash: await hasher.hash(temporaryPassword) });
      }
      return prepared;
    },

    apply(action, userIds, prepared, record): ChunkAfter {
      const leaving = action.kind === 'delete' || action.kind === 'disable';
      const mails = chunkMails(context.invitations, action.kind === 'resendInvitation' && action.sendEmail);
      const done: ChunkDone = { changed: 0, unchanged: 0, refusals: [], secrets: [] };
      const kept = db
        .transaction(() => {
          if (action.kind === 'addToGroup' || action.kind === 'removeFromGroup') requireGroup(action.groupId);
          const secretsBefore = leaving
            ? context.keptSecretsOf(userIds, action.kind === 'delete')
            : undefined;
          for (const id of userIds) {
            try {
              const result = applyOne(action, id, prepared, done.secrets, mails);
              done[result] += 1;
            } catch (error) {
              if (!(error instanceof RosterError)) throw error;
              done.refusals.push({
                userId: id,
                username: getUserRow(db, id)?.username ?? '',
                reason: error.message,
              });
            }
          }
          runOnSqlite(db, record(done));
          return secretsBefore;
        })
        .immediate();
      return {
        // The search copy notices changed users by the instance clock, once, at the next search:
        // telling it after every chunk would patch it hundreds of times for nothing. Deleted users
        // move no clock, so they are told.
        afterwards: async () => {
          if (action.kind === 'delete') search.changed(userIds);
          if (kept !== undefined) await context.forgetSecrets(kept);
        },
        deliver: mails.deliver(done.secrets),
      };
    },
  };
}
