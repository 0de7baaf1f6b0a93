import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../../shared/contract/errors';
import type { BulkSecret } from '../../../../shared/domain/bulk';
import type {
  ImportOptions,
  ImportPreview,
  ImportRequest,
  ImportRow,
  ImportStatus,
} from '../../../../shared/domain/userImport';
import { uniqueKey } from '../../../../shared/domain/userRules';
import { runOnSqlite } from '../../../database/portable/sqliteRunner';
import type { PasswordHasher } from '../../../secrets/passwordHasher';
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
import { chunkMails } from '../rules/chunkMails';
import type { InvitationDelivery } from '../rules/invitations';
import type { Accounts } from './accounts';
import type { AuditRecord } from './auditLog';
import type { KeptSecrets } from './bulkWork';
import { addMemberships } from './membershipsTable';
import { groupsOfUser, insertGroup } from './groupsTable';
import { assertPasswordAllowed } from './passwordPolicyTable';
import { deleteTokenHashes } from './tokensTable';
import { getUserRow, insertUser, updateUserRow } from './usersTable';

export interface UserImportContext {
  db: Database;
  hasher: PasswordHasher;
  now: () => Date;
  accounts: Accounts;
  audit: (entry: Omit<AuditRecord, 'actor'>) => void;
  lifecycle: {
    temporaryPassword: () => string;
    issueInvitation: (id: number, terms: { expiresInHours: number }) => { link: string; expiresAt: string };
  };
  /** How new users' links are mailed, when the import asks for it. */
  invitations: InvitationDelivery;
  /** What a disabled user's pair leaves in this machine's keychain, noted inside the write. */
  forgetSecrets: (kept: KeptSecrets) => Promise<void>;
}

/** Temporary passwords for the chunk's new users, made and hashed before its write. */
type Prepared = ReadonlyMap<number, { temporaryPassword: string; passwordHash: string }>;

/**
 * Users from a file: the dry run (what each row would do now) and the job that does it, in
 * chunks of one write transaction each. Both judge a row by the same plan (importPlan.ts); the
 * job plans each row again inside its write, so what it does is what the file asks of the
 * directory as it is then, whatever changed since the preview.
 */
export function createUserImport(context: UserImportContext) {
  const { db, hasher, now, accounts, audit, lifecycle } = context;
  const timestamp = () => now().toISOString();

  /** The group named so, created if there is none yet; its name as the directory spells it. */
  const ensureGroup = (name: string, created: string[]): number => {
    const found = runOnSqlite(db, groupByKey(uniqueKey(name)));
    if (found) return found.id;
    const id = insertGroup(db, name, timestamp());
    audit(importGroupCreateEntry(id, name));
    created.push(name);
    return id;
  };

  /** The row's groups joined; one entry for the user's groups before and after, if they changed. */
  const joinGroups = (userId: number, names: readonly string[], created: string[]) => {
    const groupNames = () => groupsOfUser(db, userId).map((group) => group.name);
    const before = groupNames();
    const joined = names
      .map((name) => ensureGroup(name, created))
      .filter((groupId) => addMemberships(db, groupId, [userId]) > 0);
    if (joined.length > 0) audit(importGroupsEntry(userId, { before, after: groupNames() }, joined));
  };

  const create = (
    plan: Extract<RowPlan, { kind: 'create' }>,
    options: ImportOptions,
    prepared: Prepared,
    line: number,
    mails: ReturnType<typeof chunkMails>,
  ): BulkSecret => {
    const reset = prepared.get(line);
    if (options.newUsers === 'temporaryPassword' && !reset)
      throw new RosterError(
        'CONFLICT',
        `${plan.fields.username} was created meanwhile: import the row again.`,
      );
    if (reset) assertPasswordAllowed(db, reset.temporaryPassword, plan.fields.username);
    const id = insertUser(db, { ...plan.fields, passwordHash: reset?.passwordHash ?? '', now: timestamp() });
    const row = getUserRow(db, id);
    if (!row) throw new Error('The user just inserted cannot be read back.');
    if (reset) {
      updateUserRow(db, row, { mustChangePassword: true, now: timestamp() });
      audit(importCreateEntry(row));
      return { userId: id, username: row.username, temporaryPassword: reset.temporaryPassword };
    }
    const issued = lifecycle.issueInvitation(id, options);
    audit(importCreateEntry(row, issued.expiresAt));
    return mails.secretOf(row, issued);
  };

  /** Returns whether the user's pair was revoked (disabled), for the keychain to forget after the write. */
  const update = (plan: Extract<RowPlan, { kind: 'update' }>): boolean => {
    const { user, changes } = plan;
    if (changes.role !== undefined) accounts.setRole(user.id, changes.role, undefined, IMPORT_NOTE);
    const disabling = changes.enabled === false;
    if (changes.displayName === undefined && changes.email === undefined && changes.enabled === undefined)
      return false;
    if (disabling) accounts.assertAdminRemains([user.id]);
    const current = getUserRow(db, user.id) ?? user;
    updateUserRow(db, current, {
      displayName: changes.displayName,
      email: changes.email,
      enabled: changes.enabled,
      now: timestamp(),
    });
    // A disabled user's token must stop working at once, as for one disabled alone.
    const revoked = disabling && deleteTokenHashes(db, user.id);
    const entry = importUpdateEntry(current, getUserRow(db, user.id) ?? current, revoked);
    if (entry) audit(entry);
    return revoked;
  };

  return {
    /** What the rows would do now; nothing is written. */
    preview: (request: ImportRequest): ImportPreview =>
      // One snapshot for the whole file: a write committed meanwhile cannot make rows disagree.
      db.transaction(() => runOnSqlite(db, importPreview(accounts, request)))(),

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
            if (runOnSqlite(db, userByKey(uniqueKey(username)))) continue;
            const temporaryPassword = lifecycle.temporaryPassword();
            prepared.set(row.line, { temporaryPassword, passwordHash: await hasher.hash(temporaryPassword) });
          }
          return prepared;
        },

        apply(chunk, prepared, record) {
          const mails = chunkMails(context.invitations, options.sendEmail);
          const done = emptyImportChunk();
          const disabled: number[] = [];
          const kept = db
            .transaction(() => {
              for (const row of chunk) {
                let username = row.username.trim();
                const groupsCreated: string[] = [];
                try {
                  // A savepoint per row: a row refused halfway leaves nothing of itself behind.
                  const outcome = db.transaction(() => {
                    const fields = readRow(row);
                    username = fields.username;
                    assertFirst(first, row, fields.username);
                    const plan = runOnSqlite(db, planRow(accounts, fields));
                    if (plan.kind === 'create') {
                      const secret = create(plan, options, prepared, row.line, mails);
                      joinGroups(secret.userId, plan.groups, groupsCreated);
                      return { kind: 'created' as const, secret };
                    }
                    if (plan.kind === 'update') {
                      const revoked = update(plan);
                      joinGroups(plan.user.id, plan.addGroups, groupsCreated);
                      return { kind: 'updated' as const, revoked: revoked ? plan.user.id : undefined };
                    }
                    return { kind: 'unchanged' as const };
                  })();
                  done[outcome.kind] += 1;
                  done.groupsCreated.push(...groupsCreated);
                  if (outcome.kind === 'created') done.secrets.push(outcome.secret);
                  if (outcome.kind === 'updated' && outcome.revoked !== undefined)
                    disabled.push(outcome.revoked);
                } catch (error) {
                  done.refusals.push({ line: row.line, username, reason: reasonOf(error) });
                }
              }
              runOnSqlite(
                db,
                record((status) => addImportChunk(status, done)),
              );
              // Their pairs were revoked just now, so the table no longer says they had one.
              return disabled.map((id) => ({ id, token: true, keyIds: [] }));
            })
            .immediate();
          return { afterwards: () => context.forgetSecrets(kept), deliver: mails.deliver(done.secrets) };
        },
      };
    },
  };
}

export type UserImport = ReturnType<typeof createUserImport>;
