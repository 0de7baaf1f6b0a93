/*
 * For the composer (postgres/postgresDirectory.ts): createPostgresLifecycle(context, parts) takes
 * as `parts` (see LifecycleParts) the directory's own helpers, each reading in the transaction it
 * is given: requireUser and manageableUser (NOT_FOUND / FORBIDDEN as the SQLite directory), detail,
 * the accounts (createPostgresAccounts), the idempotency keys (createIdempotencyKeys) and
 * `idempotent`, which makes the IdempotentCall of a create from its options (undefined without a
 * key), scoped to the actor as the SQLite directory does.
 */
import {
  InvitationSchema,
  type CreateOptions,
  type Invitation,
  type InvitationTerms,
  type NewInvitation,
  type PasswordReset,
  type PasswordResetResult,
  type SessionInfo,
  type UserDetail,
  type UserId,
  type WriteCondition,
} from '../../../../shared/domain/directory';
import type { PasswordPolicy } from '../../../../shared/domain/passwordPolicy';
import type { Sql } from '../../../database/postgres/sql';
import { hashToken, newToken } from '../../../secrets/tokenSecrets';
import { uniqueViolationOf } from '../local/errors';
import {
  deliverInvitation,
  invalidInvitationLink,
  invitationExpiresAt,
  noInvitationToSend,
  notYetAccepted,
  pathOnlyInvitations,
  type InvitedAccount,
} from '../rules/invitations';
import type { IdempotentCall } from '../rules/idempotency';
import {
  acceptInvitationEntry,
  endSessionsEntry,
  inviteEntry,
  ownPasswordEntry,
  passwordPolicyEntry,
  reinviteEntry,
  resetPasswordEntry,
} from '../rules/lifecycleAudit';
import {
  assertMayChangePasswordPolicy,
  assertMaySetOwnPassword,
  temporaryPasswordFor,
} from '../rules/passwordRules';
import { createdFields, isInvited, type UserRow } from '../rules/userRows';
import { usernameTaken } from '../rules/userRefusals';
import type { PostgresAccounts } from './accounts';
import { clearLoginFailures } from './authAccountsTable';
import { deleteSessionsOfUser, sessionsOfUser } from './authSessionsTable';
import type { DirectoryContext } from './directoryContext';
import type { PostgresIdempotencyKeys } from './idempotencyKeys';
import { invitationByTokenHash, replaceInvitation } from './invitationsTable';
import {
  assertPasswordAllowed,
  readPasswordPolicy,
  replacedPasswordPolicy,
  writePasswordPolicy,
} from './passwordPolicyTable';
import { insertUser, updateUserRow } from './usersTable';
import { assertVersion } from './versions';

/** The PostgreSQL directory's helpers the lifecycle shares, so that both apply one set of rules. */
export interface LifecycleParts {
  requireUser: (tx: Sql, id: UserId) => Promise<UserRow>;
  /** A user the caller may change. */
  manageableUser: (tx: Sql, id: UserId) => Promise<UserRow>;
  detail: (tx: Sql, id: UserId) => Promise<UserDetail>;
  accounts: Pick<PostgresAccounts, 'assertMayGrant'>;
  idempotency: PostgresIdempotencyKeys;
  idempotent: (
    operation: string,
    input: unknown,
    options: CreateOptions | undefined,
  ) => IdempotentCall | undefined;
}

export type PostgresLifecycle = ReturnType<typeof createPostgresLifecycle>;

/**
 * An account's life besides its fields, as local/accountLifecycle.ts: password resets,
 * invitations and their acceptance, sessions as administrators see them, and the password policy.
 * Passwords are hashed before the write (it takes long, and no lock is held meanwhile); every rule
 * is checked again inside the write transaction, after its lock.
 */
export function createPostgresLifecycle(context: DirectoryContext, parts: LifecycleParts) {
  const { database, hasher, now, timestamp, audit } = context;
  const { requireUser, manageableUser, detail } = parts;
  const delivery = context.invitations ?? pathOnlyInvitations;

  const hashAllowed = async (password: string, username: string): Promise<string> => {
    await assertPasswordAllowed(database.sql, password, username);
    return hasher.hash(password);
  };

  /** A new token for `userId`'s invitation in `tx` (the old one, if any, ends). */
  const issueInvitation = async (
    tx: Sql,
    userId: UserId,
    terms: Pick<InvitationTerms, 'expiresInHours'>,
  ): Promise<{ link: string; expiresAt: string }> => {
    const token = newToken();
    const at = now();
    const expiresAt = invitationExpiresAt(at, terms.expiresInHours);
    await replaceInvitation(tx, userId, {
      tokenHash: hashToken(token),
      createdAt: at.toISOString(),
      expiresAt,
    });
    return { link: delivery.link(token), expiresAt };
  };

  /**
   * A reset inside the caller's write: the password (hashed already) must still meet the policy,
   * the user must still be manageable and have accepted their invitation; their sessions end.
   * `note` says in the audit log what the reset was part of (a bulk action).
   */
  async function resetInWrite(
    tx: Sql,
    id: UserId,
    reset: { temporaryPassword: string; passwordHash: string; generated: boolean },
    note?: string,
  ): Promise<void> {
    const current = await manageableUser(tx, id);
    if (isInvited(current)) throw notYetAccepted(current.username);
    await assertPasswordAllowed(tx, reset.temporaryPassword, current.username);
    await updateUserRow(tx, current, {
      passwordHash: reset.passwordHash,
      mustChangePassword: true,
      now: timestamp(),
    });
    await clearLoginFailures(tx, id);
    const ended = await deleteSessionsOfUser(tx, id);
    await audit(tx, resetPasswordEntry(id, { generated: reset.generated, sessionsEnded: ended }, note));
  }

  /** A new link for an Invited user inside the caller's write; the old link stops working. */
  async function reinviteInWrite(
    tx: Sql,
    id: UserId,
    terms: Pick<InvitationTerms, 'expiresInHours'>,
    note?: string,
  ): Promise<{ user: UserDetail; link: string; expiresAt: string }> {
    const target = await manageableUser(tx, id);
    if (!isInvited(target)) throw noInvitationToSend(target.username);
    const { link, expiresAt } = await issueInvitation(tx, id, terms);
    await audit(tx, reinviteEntry(id, expiresAt, note));
    return { user: await detail(tx, id), link, expiresAt };
  }

  return {
    resetPassword: async (
      id: UserId,
      reset: PasswordReset,
      condition: WriteCondition = {},
    ): Promise<PasswordResetResult> => {
      const target = await manageableUser(database.sql, id);
      if (isInvited(target)) throw notYetAccepted(target.username);
      const temporaryPassword =
        reset.password ?? temporaryPasswordFor(await readPasswordPolicy(database.sql));
      const passwordHash = await hashAllowed(temporaryPassword, target.username);
      return database.write(async (tx) => {
        await assertVersion(tx, 'users', id, condition);
        await resetInWrite(tx, id, {
          temporaryPassword,
          passwordHash,
          generated: reset.password === undefined,
        });
        return { temporaryPassword, user: await detail(tx, id) };
      });
    },

    resetInWrite,
    reinviteInWrite,
    issueInvitation,
    /** A temporary password that meets the instance's policy. */
    temporaryPassword: async (sql: Sql): Promise<string> =>
      temporaryPasswordFor(await readPasswordPolicy(sql)),

    inviteUser: async (invitation: NewInvitation, options?: CreateOptions): Promise<Invitation> => {
      const { expiresInHours, sendEmail, ...user } = invitation;
      const call = parts.idempotent('inviteUser', invitation, options);
      const earlier = call && (await parts.idempotency.replay(database.sql, call, InvitationSchema));
      if (earlier) return earlier;
      parts.accounts.assertMayGrant(user.role);
      const clash = () => usernameTaken(user.username);
      const outcome = await uniqueViolationOf(clash, () =>
        database.write(async (tx) => {
          const replayed = call && (await parts.idempotency.replay(tx, call, InvitationSchema));
          if (replayed) return { answer: replayed, fresh: false };
          const id = await insertUser(tx, { ...user, enabled: true, passwordHash: '', now: timestamp() });
          const { link, expiresAt } = await issueInvitation(tx, id, { expiresInHours });
          await audit(tx, inviteEntry(id, createdFields(await requireUser(tx, id)), expiresAt));
          // The same key sent again answers this link again; it does not mail it a second time.
          const answer: Invitation = {
            user: await detail(tx, id),
            link,
            expiresAt,
            emailed: false,
            emailError: null,
          };
          if (call) await parts.idempotency.remember(tx, call, answer);
          return { answer, fresh: true };
        }),
      );
      if (!outcome.fresh) return outcome.answer;
      return deliverInvitation(delivery, outcome.answer, sendEmail);
    },

    resendInvitation: async (id: UserId, terms: InvitationTerms): Promise<Invitation> => {
      const issued = await database.write((tx) => reinviteInWrite(tx, id, terms));
      return deliverInvitation(delivery, issued, terms.sendEmail);
    },

    /** The account a link invites, while the link is good: for the page that accepts it. */
    invitationFor: (token: string): Promise<InvitedAccount | null> =>
      database.snapshot(async (tx) => {
        const found = await invitationByTokenHash(tx, hashToken(token), timestamp());
        if (!found) return null;
        const user = await requireUser(tx, found.user_id);
        return { username: user.username, displayName: user.display_name, expiresAt: found.expires_at };
      }),

    /** Sets the invited account's password; the link ends with it. Answers the username. */
    acceptInvitation: async (token: string, password: string): Promise<{ username: string }> => {
      const tokenHash = hashToken(token);
      const invited = await invitationByTokenHash(database.sql, tokenHash, timestamp());
      if (!invited) throw invalidInvitationLink();
      const passwordHash = await hashAllowed(
        password,
        (await requireUser(database.sql, invited.user_id)).username,
      );
      return database.write(async (tx) => {
        // Checked again: the link may have been replaced or used while the password was hashed.
        const still = await invitationByTokenHash(tx, tokenHash, timestamp());
        if (!still) throw invalidInvitationLink();
        const user = await requireUser(tx, still.user_id);
        await assertPasswordAllowed(tx, password, user.username);
        await updateUserRow(tx, user, { passwordHash, now: timestamp() });
        await audit(tx, acceptInvitationEntry(user));
        return { username: user.username };
      });
    },

    listSessions: async (id: UserId): Promise<SessionInfo[]> => {
      await requireUser(database.sql, id);
      return sessionsOfUser(database.sql, id, timestamp());
    },

    endSessions: (id: UserId): Promise<number> =>
      database.write(async (tx) => {
        await manageableUser(tx, id);
        const count = await deleteSessionsOfUser(tx, id);
        if (count > 0) await audit(tx, endSessionsEntry(id, count));
        return count;
      }),

    getPasswordPolicy: (): Promise<PasswordPolicy> => readPasswordPolicy(database.sql),

    setPasswordPolicy: (policy: PasswordPolicy): Promise<PasswordPolicy> =>
      database.write(async (tx) => {
        assertMayChangePasswordPolicy(context.callerRole());
        const before = await replacedPasswordPolicy(tx);
        await writePasswordPolicy(tx, policy);
        const entry = passwordPolicyEntry(before, policy);
        if (entry) await audit(tx, entry);
        return readPasswordPolicy(tx);
      }),

    /** The user's own new password: within the policy, and only if they may set it themselves. */
    setOwnPassword: async (id: UserId, password: string): Promise<void> => {
      const own = await requireUser(database.sql, id);
      const passwordHash = await hashAllowed(password, own.username);
      await database.write(async (tx) => {
        const current = await requireUser(tx, id);
        assertMaySetOwnPassword(current);
        await assertPasswordAllowed(tx, password, current.username);
        await updateUserRow(tx, current, { passwordHash, mustChangePassword: false, now: timestamp() });
        // Whoever else was signed in with the old password is signed out; this session goes on.
        const sessionsEnded = await deleteSessionsOfUser(tx, id, context.callerSessionId() ?? undefined);
        await audit(tx, ownPasswordEntry(id, current.must_change_password === 1, sessionsEnded));
      });
    },

    hashAllowed,
  };
}
