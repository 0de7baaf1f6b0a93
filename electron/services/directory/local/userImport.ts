import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../../shared/contract/errors';
import type { BulkSecret } from '../../../../shared/domain/bulk';
import {
  IMPORT_CHUNK,
  IMPORT_PASSWORD_CHUNK,
  type ImportOptions,
  type ImportPreview,
  type ImportRefusal,
  type ImportRequest,
  type ImportRow,
  type ImportRowPlan,
  type ImportStatus,
} from '../../../../shared/domain/userImport';
import { uniqueKey } from '../../../../shared/domain/userRules';
import type { PasswordHasher } from '../../../secrets/passwordHasher';
import type { ChunkSteps } from '../chunkedJobs';
import type { Accounts } from './accounts';
import type { AuditRecord } from './auditLog';
import { otherEnabledAdmins } from './authAccountsTable';
import type { KeptSecrets } from './bulkWork';
import {
  adminArrives,
  adminLeaves,
  assertFirst,
  firstLines,
  groupByKey,
  planRow,
  readRow,
  userByKey,
  type RowPlan,
} from './importPlan';
import { addMemberships } from './membershipsTable';
import { groupsOfUser, insertGroup } from './groupsTable';
import { assertPasswordAllowed } from './passwordPolicyTable';
import { deleteTokenHashes } from './tokensTable';
import { createdFields, getUserRow, insertUser, updateUserRow, userChange } from './usersTable';

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
  /** What a disabled user's pair leaves in this machine's keychain, noted inside the write. */
  keptSecretsOf: (ids: readonly number[], withKeys: boolean) => KeptSecrets;
  forgetSecrets: (kept: KeptSecrets) => Promise<void>;
}

/** Temporary passwords for the chunk's new users, made and hashed before its write. */
type Prepared = ReadonlyMap<number, { temporaryPassword: string; passwordHash: string }>;

/** What every entry an import writes says it was part of. */
const IMPORT = 'From an import.';

const reasonOf = (error: unknown): string => {
  if (error instanceof RosterError) return error.message;
  throw error;
};

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
    const found = groupByKey(db, uniqueKey(name));
    if (found) return found.id;
    const id = insertGroup(db, name, timestamp());
    audit({
      action: 'group.create',
      targetType: 'group',
      targetId: id,
      after: { name, description: '' },
      detail: IMPORT,
    });
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
    if (joined.length > 0)
      audit({
        action: 'user.groups',
        targetType: 'user',
        targetId: userId,
        before: { groups: before },
        after: { groups: groupNames() },
        detail: IMPORT,
        related: { type: 'group', ids: joined },
      });
  };

  const create = (
    plan: Extract<RowPlan, { kind: 'create' }>,
    options: ImportOptions,
    prepared: Prepared,
    line: number,
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
      audit({
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        after: createdFields(row),
        detail: IMPORT,
      });
      return { userId: id, username: row.username, temporaryPassword: reset.temporaryPassword };
    }
    const { link, expiresAt } = lifecycle.issueInvitation(id, options);
    audit({
      action: 'user.invite',
      targetType: 'user',
      targetId: id,
      after: { ...createdFields(row), invitationExpiresAt: expiresAt },
      detail: IMPORT,
    });
    return { userId: id, username: row.username, link, expiresAt };
  };

  /** Returns whether the user's pair was revoked (disabled), for the keychain to forget after the write. */
  const update = (plan: Extract<RowPlan, { kind: 'update' }>): boolean => {
    const { user, changes } = plan;
    if (changes.role !== undefined) accounts.setRole(user.id, changes.role, undefined, IMPORT);
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
    const change = userChange(current, getUserRow(db, user.id) ?? current);
    if (change)
      audit({
        ...change,
        targetType: 'user',
        targetId: user.id,
        detail: revoked ? `${IMPORT} Its generated token pair was revoked.` : IMPORT,
      });
    return revoked;
  };

  return {
    /** What the rows would do now; nothing is written. */
    preview(request: ImportRequest): ImportPreview {
      const first = firstLines(request.rows);
      let admins = otherEnabledAdmins(db, []);
      const newGroups = new Map<string, string>();
      const answer: ImportPreview = {
        create: 0,
        update: 0,
        unchanged: 0,
        refused: 0,
        duplicates: 0,
        newGroups: [],
        rows: [],
      };
      // One snapshot for the whole file: a write committed meanwhile cannot make rows disagree.
      db.transaction(() => {
        for (const row of request.rows) {
          const planned = planOne(row, first, (plan) => {
            if (adminLeaves(plan) && admins - 1 <= 0)
              throw new RosterError('CONFLICT', 'That would leave no enabled administrator.');
            admins += (adminArrives(plan) ? 1 : 0) - (adminLeaves(plan) ? 1 : 0);
          });
          answer[planned.outcome] += 1;
          if (planned.duplicate) answer.duplicates += 1;
          answer.rows.push(planned.plan);
          for (const name of planned.groups)
            if (!newGroups.has(uniqueKey(name)) && !groupByKey(db, uniqueKey(name)))
              newGroups.set(uniqueKey(name), name);
        }
      })();
      answer.newGroups = [...newGroups.values()];
      return answer;
    },

    /** The import as a job's steps: chunks of rows, each one write transaction. */
    steps(request: ImportRequest): ChunkSteps<ImportRow, Prepared, ImportStatus> {
      const { options } = request;
      const first = firstLines(request.rows);
      return {
        size: options.newUsers === 'temporaryPassword' ? IMPORT_PASSWORD_CHUNK : IMPORT_CHUNK,

        async prepare(chunk) {
          const prepared = new Map<number, { temporaryPassword: string; passwordHash: string }>();
          if (options.newUsers !== 'temporaryPassword') return prepared;
          for (const row of chunk) {
            const username = row.username.trim();
            if (first.get(uniqueKey(username)) !== row.line) continue;
            if (userByKey(db, uniqueKey(username))) continue;
            const temporaryPassword = lifecycle.temporaryPassword();
            prepared.set(row.line, { temporaryPassword, passwordHash: await hasher.hash(temporaryPassword) });
          }
          return prepared;
        },

        apply(chunk, prepared, status) {
          const done = {
            created: 0,
            updated: 0,
            unchanged: 0,
            refusals: [] as ImportRefusal[],
            secrets: [] as BulkSecret[],
            groupsCreated: [] as string[],
          };
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
                    const plan = planRow(db, accounts, fields);
                    if (plan.kind === 'create') {
                      const secret = create(plan, options, prepared, row.line);
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
              return context.keptSecretsOf(disabled, false);
            })
            .immediate();
          // Told only once the chunk committed: a chunk rolled back whole reports nothing it undid.
          status.created += done.created;
          status.updated += done.updated;
          status.unchanged += done.unchanged;
          status.refused += done.refusals.length;
          status.refusals.push(...done.refusals);
          status.secrets.push(...done.secrets);
          status.groupsCreated.push(...done.groupsCreated);
          return { afterwards: () => context.forgetSecrets(kept) };
        },
      };
    },
  };

  /** One row's plan as the preview lists it, with `judge` for what depends on the rows before. */
  function planOne(row: ImportRow, first: ReadonlyMap<string, number>, judge: (plan: RowPlan) => void) {
    let username = row.username.trim();
    let duplicate = false;
    try {
      const fields = readRow(row);
      username = fields.username;
      try {
        assertFirst(first, row, fields.username);
      } catch (error) {
        duplicate = true;
        throw error;
      }
      const plan = planRow(db, accounts, fields);
      judge(plan);
      const planned: ImportRowPlan = {
        line: row.line,
        username: plan.kind === 'create' ? plan.fields.username : plan.user.username,
        outcome: plan.kind,
        changes: plan.kind === 'update' ? plan.labels : [],
        reason: null,
      };
      return {
        outcome: plan.kind,
        duplicate,
        plan: planned,
        groups: plan.kind === 'create' ? plan.groups : plan.kind === 'update' ? plan.addGroups : [],
      };
    } catch (error) {
      const reason = reasonOf(error);
      return {
        outcome: 'refused' as const,
        duplicate,
        plan: { line: row.line, username, outcome: 'refused' as const, changes: [], reason },
        groups: [],
      };
    }
  }
}

export type UserImport = ReturnType<typeof createUserImport>;
