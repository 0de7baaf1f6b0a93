import { RosterError } from '../../../../shared/contract/errors';
import type { BulkSecret } from '../../../../shared/domain/bulk';
import type { GroupId, UserId } from '../../../../shared/domain/directory';
import type {
  ImportOptions,
  ImportPreview,
  ImportRequest,
  ImportRow,
  ImportStatus,
} from '../../../../shared/domain/userImport';
import { uniqueKey } from '../../../../shared/domain/userRules';
import { runOnPostgres } from '../../../database/portable/postgresRunner';
import type { Sql } from '../../../database/postgres/sql';
import type { ChunkSteps } from '../chunkedJobs';
import {
  assertFirst,
  firstLines,
  groupByKey,
  planRow,
  readRow,
  userByKey,
  type RowPlan,
} from '../portable/importPlan';
import { importPreview, reasonOf } from '../portable/importPreview';
import {
  addImportChunk,
  emptyImportChunk,
  importChunkSize,
  importCreateEntry,
  importGroupCreateEntry,
  importGroupsEntry,
  importUpdateEntry,
  IMPORT_NOTE,
} from '../rules/importRules';
import type { PostgresLifecycle } from './accountLifecycle';
import type { DirectoryParts } from './directoryParts';
import { groupsOfUser, insertGroup } from './groupsTable';
import type { createKeptSecrets } from './keptSecrets';
import { addMemberships } from './membershipsTable';
import { assertPasswordAllowed } from './passwordPolicyTable';
import { chunkMails } from '../rules/chunkMails';
import { pathOnlyInvitations } from '../rules/invitations';
import { savepoint } from './savepoint';
import { deleteTokenHashes } from './tokensTable';
import { getUserRow, insertUser, updateUserRow } from './usersTable';

export interface PostgresImportDeps {
  lifecycle: Pick<PostgresLifecycle, 'issueInvitation' | 'temporaryPassword'>;
  secrets: ReturnType<typeof createKeptSecrets>;
}

/** Temporary passwords for the chunk's new users, made and hashed before its write. */
type Prepared = ReadonlyMap<number, { temporaryPassword: string; passwordHash: string }>;

const groupNamesOf = async (tx: Sql, userId: UserId): Promise<string[]> =>
  (await groupsOfUser(tx, userId)).map((group) => group.name);

/**
 * Users from a file on PostgreSQL, as local/userImport.ts: the dry run reads one snapshot, the job
 * writes chunks of one transaction each and plans each row again inside it, so what it does is
 * what the file asks of the directory as it is then, whatever changed since the preview.
 */
export function createPostgresImport(parts: DirectoryParts, deps: PostgresImportDeps) {
  const { context, accounts, requireUser } = parts;
  const { database, hasher, timestamp, audit } = context;
  const { lifecycle, secrets } = deps;

  /** The group named so, created if there is none yet. */
  const ensureGroup = async (tx: Sql, name: string, created: string[]): Promise<GroupId> => {
    const found = await runOnPostgres(tx, groupByKey(uniqueKey(name)));
    if (found) return found.id;
    const id = await insertGroup(tx, name, timestamp());
    await audit(tx, importGroupCreateEntry(id, name));
    created.push(name);
    return id;
  };

  /** The row's groups joined; one entry for the user's groups before and after, if they changed. */
  const joinGroups = async (tx: Sql, userId: UserId, names: readonly string[], created: string[]) => {
    const before = await groupNamesOf(tx, userId);
    const joined: GroupId[] = [];
    for (const name of names) {
      const groupId = await ensureGroup(tx, name, created);
      if ((await addMemberships(tx, groupId, [userId])).length > 0) joined.push(groupId);
    }
    if (joined.length > 0)
      await audit(tx, importGroupsEntry(userId, { before, after: await groupNamesOf(tx, userId) }, joined));
  };

  const create = async (
    tx: Sql,
    plan: Extract<RowPlan, { kind: 'create' }>,
    options: ImportOptions,
    reset: { temporaryPassword: string; passwordHash: string } | undefined,
    mails: ReturnType<typeof chunkMails>,
  ): Promise<BulkSecret> => {
    if (options.newUsers === 'temporaryPassword' && !reset)
      throw new RosterError(
        'CONFLICT',
        `${plan.fields.username} was created meanwhile: import the row again.`,
      );
    if (reset) await assertPasswordAllowed(tx, reset.temporaryPassword, plan.fields.username);
    const id = await insertUser(tx, {
      ...plan.fields,
      passwordHash: reset?.passwordHash ?? '',
      now: timestamp(),
    });
    const row = await requireUser(tx, id);
    if (reset) {
      await updateUserRow(tx, row, { mustChangePassword: true, now: timestamp() });
      await audit(tx, importCreateEntry(row));
      return { userId: id, username: row.username, temporaryPassword: reset.temporaryPassword };
    }
    const issued = await lifecycle.issueInvitation(tx, id, options);
    await audit(tx, importCreateEntry(row, issued.expiresAt));
    return mails.secretOf(row, issued);
  };

  /** Returns whether the user's pair was revoked (disabled), for the keychain to forget after the write. */
  const update = async (tx: Sql, plan: Extract<RowPlan, { kind: 'update' }>): Promise<boolean> => {
    const { user, changes } = plan;
    if (changes.role !== undefined)
      await accounts.setRoleIn(tx, user.id, changes.role, undefined, IMPORT_NOTE);
    const disabling = changes.enabled === false;
    if (changes.displayName === undefined && changes.email === undefined && changes.enabled === undefined)
      return false;
    if (disabling) await accounts.assertAdminRemains(tx, [user.id]);
    const current = (await getUserRow(tx, user.id)) ?? user;
    await updateUserRow(tx, current, {
      displayName: changes.displayName,
      email: changes.email,
      enabled: changes.enabled,
      now: timestamp(),
    });
    // A disabled user's token must stop working at once, as for one disabled alone.
    const revoked = disabling && (await deleteTokenHashes(tx, user.id));
    const entry = importUpdateEntry(current, (await getUserRow(tx, user.id)) ?? current, revoked);
    if (entry) await audit(tx, entry);
    return revoked;
  };

  return {
    /** What the rows would do now, read in one snapshot; nothing is written. */
    preview: (request: ImportRequest): Promise<ImportPreview> =>
      database.snapshot((tx) => runOnPostgres(tx, importPreview(accounts, request))),

    /** The import as a job's steps: chunks of rows, each one write transaction. */
    steps(request: ImportRequest): ChunkSteps<ImportRow, Prepared, ImportStatus> {
      const { options } = request;
      const first = firstLines(request.rows);
      return {
        size: importChunkSize(options),

        async prepare(chunk) {
          const prepared = new Map<number, { temporaryPassword: string; passwordHash: string }>();
          if (options.newUsers !== 'temporaryPassword') return prepared;
          for (const row of chunk) {
            const username = row.username.trim();
            if (first.get(uniqueKey(username)) !== row.line) continue;
            if (await runOnPostgres(database.sql, userByKey(uniqueKey(username)))) continue;
            const temporaryPassword = await lifecycle.temporaryPassword(database.sql);
            prepared.set(row.line, { temporaryPassword, passwordHash: await hasher.hash(temporaryPassword) });
          }
          return prepared;
        },

        async apply(chunk, prepared, record) {
          const mails = chunkMails(context.invitations ?? pathOnlyInvitations, options.sendEmail);
          const rows = emptyImportChunk();
          const kept = await database.write(async (tx) => {
            const revoked: UserId[] = [];
            for (const row of chunk) {
              let username = row.username.trim();
              const groupsCreated: string[] = [];
              try {
                // A savepoint per row: a row refused halfway leaves nothing of itself behind.
                const outcome = await savepoint(tx, async () => {
                  const fields = readRow(row);
                  username = fields.username;
                  assertFirst(first, row, fields.username);
                  const plan = await runOnPostgres(tx, planRow(accounts, fields));
                  if (plan.kind === 'create') {
                    const secret = await create(tx, plan, options, prepared.get(row.line), mails);
                    await joinGroups(tx, secret.userId, plan.groups, groupsCreated);
                    return { kind: 'created' as const, secret };
                  }
                  if (plan.kind === 'update') {
                    const revoked = await update(tx, plan);
                    await joinGroups(tx, plan.user.id, plan.addGroups, groupsCreated);
                    return { kind: 'updated' as const, revoked: revoked ? plan.user.id : undefined };
                  }
                  return { kind: 'unchanged' as const };
                });
                rows[outcome.kind] += 1;
                rows.groupsCreated.push(...groupsCreated);
                if (outcome.kind === 'created') rows.secrets.push(outcome.secret);
                if (outcome.kind === 'updated' && outcome.revoked !== undefined)
                  revoked.push(outcome.revoked);
              } catch (error) {
                rows.refusals.push({ line: row.line, username, reason: reasonOf(error) });
              }
            }
            // Known from the revocation itself: once the chunk deleted the pairs, they cannot be read.
            const kept = revoked.map((id) => ({ id, token: true, keyIds: [] }));
            await runOnPostgres(
              tx,
              record((status) => addImportChunk(status, rows)),
            );
            return kept;
          });
          return { afterwards: () => secrets.forgetSecrets(kept), deliver: mails.deliver(rows.secrets) };
        },
      };
    },
  };
}

export type PostgresImport = ReturnType<typeof createPostgresImport>;
