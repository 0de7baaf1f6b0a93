import type { Database } from 'better-sqlite3';
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
} from '../../../../shared/domain/directory';
import type { PasswordPolicy } from '../../../../shared/domain/passwordPolicy';
import type { Role } from '../../../../shared/domain/roles';
import type { PasswordHasher } from '../../../secrets/passwordHasher';
import { hashToken, newToken } from '../../../secrets/tokenSecrets';
import {
  deliverInvitation,
  INVITATION_PATH,
  invalidInvitationLink,
  invitationExpiresAt,
  noInvitationToSend,
  notYetAccepted,
  pathOnlyInvitations,
  type InvitationDelivery,
  type InvitationMail,
  type InvitedAccount,
} from '../rules/invitations';
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
import { usernameTaken } from '../rules/userRefusals';
import type { Accounts } from './accounts';
import type { AuditRecord } from './auditLog';
import { clearLoginFailures } from './authAccountsTable';
import { deleteSessionsOfUser, sessionsOfUser } from './authSessionsTable';
import { uniqueViolation } from './errors';
import type { IdempotencyKeys, IdempotentCall } from './idempotencyKeys';
import { invitationByTokenHash, replaceInvitation } from './invitationsTable';
import {
  assertPasswordAllowed,
  readPasswordPolicy,
  replacedPasswordPolicy,
  writePasswordPolicy,
} from './passwordPolicyTable';
import type { UserSearch } from './userSearch';
import { createdFields, insertUser, isInvited, updateUserRow, type UserRow } from './usersTable';
import { assertVersion } from './versions';

export { INVITATION_PATH, pathOnlyInvitations, type InvitationDelivery, type InvitationMail };

/** The local directory's helpers that the lifecycle shares, so that both apply one set of rules. */
export interface LifecycleContext {
  db: Database;
  hasher: PasswordHasher;
  now: () => Date;
  write: <T>(work: () => T) => T;
  /** An entry in the caller's name, unless it names its own actor. */
  audit: (entry: Omit<AuditRecord, 'actor'> & { actor?: string }) => void;
  /** The sign-in session the caller acts through: it goes on when they change their own password. */
  callerSessionId: () => number | null;
  requireUser: (id: UserId) => UserRow;
  manageableUser: (id: UserId) => UserRow;
  detail: (id: UserId) => UserDetail;
  accounts: Accounts;
  callerRole: () => Role;
  search: UserSearch;
  idempotency: IdempotencyKeys;
  idempotent: (
    operation: string,
    input: unknown,
    options: CreateOptions | undefined,
  ) => IdempotentCall | undefined;
  invitations: InvitationDelivery;
}

/**
 * An account's life besides its fields: password resets, invitations and their acceptance,
 * sessions as administrators see them, and the password policy. Each rule is checked inside the
 * write's immediate transaction, as the rest of the local directory does.
 */
export function createAccountLifecycle(context: LifecycleContext) {
  const { db, hasher, now, write, audit, requireUser, manageableUser, detail, accounts } = context;
  const timestamp = () => now().toISOString();

  const hashAllowed = async (password: string, username: string): Promise<string> => {
    assertPasswordAllowed(db, password, username);
    return hasher.hash(password);
  };

  /** A new token for `userId`'s invitation (the old one, if any, ends); mailed if asked and possible. */
  const issueInvitation = (userId: UserId, terms: Pick<InvitationTerms, 'expiresInHours'>) => {
    const token = newToken();
    const at = now();
    const expiresAt = invitationExpiresAt(at, terms.expiresInHours);
    replaceInvitation(db, userId, { tokenHash: hashToken(token), createdAt: at.toISOString(), expiresAt });
    return { link: context.invitations.link(token), expiresAt };
  };

  const deliver = (issued: { user: UserDetail; link: string; expiresAt: string }, sendEmail: boolean) =>
    deliverInvitation(context.invitations, issued, sendEmail);

  /**
   * A reset inside the caller's write: the password (hashed already) must still meet the policy,
   * the user must still be manageable and have accepted their invitation; their sessions end.
   * `note` says in the audit log what the reset was part of (a bulk action).
   */
  function resetInWrite(
    id: UserId,
    reset: { temporaryPassword: string; passwordHash: string; generated: boolean },
    note?: string,
  ): void {
    const current = manageableUser(id);
    if (isInvited(current)) throw notYetAccepted(current.username);
    assertPasswordAllowed(db, reset.temporaryPassword, current.username);
    updateUserRow(db, current, {
      passwordHash: reset.passwordHash,
      mustChangePassword: true,
      now: timestamp(),
    });
    clearLoginFailures(db, id);
    const ended = deleteSessionsOfUser(db, id);
    audit(resetPasswordEntry(id, { generated: reset.generated, sessionsEnded: ended }, note));
  }

  /** A new link for an Invited user inside the caller's write; the old link stops working. */
  function reinviteInWrite(id: UserId, terms: Pick<InvitationTerms, 'expiresInHours'>, note?: string) {
    const target = manageableUser(id);
    if (!isInvited(target)) throw noInvitationToSend(target.username);
    const { link, expiresAt } = issueInvitation(id, terms);
    audit(reinviteEntry(id, expiresAt, note));
    return { user: detail(id), link, expiresAt };
  }

  return {
    resetPassword: async (id: UserId, reset: PasswordReset, condition = {}): Promise<PasswordResetResult> => {
      const target = manageableUser(id);
      if (isInvited(target)) throw notYetAccepted(target.username);
      const temporaryPassword = reset.password ?? temporaryPasswordFor(readPasswordPolicy(db));
      const passwordHash = await hashAllowed(temporaryPassword, target.username);
      write(() => {
        assertVersion(db, 'users', id, condition);
        resetInWrite(id, { temporaryPassword, passwordHash, generated: reset.password === undefined });
      });
      return { temporaryPassword, user: detail(id) };
    },

    resetInWrite,
    reinviteInWrite,
    issueInvitation,
    /** A temporary password that meets the instance's policy. */
    temporaryPassword: (): string => temporaryPasswordFor(readPasswordPolicy(db)),

    inviteUser: async (invitation: NewInvitation, options?: CreateOptions): Promise<Invitation> => {
      const { expiresInHours, sendEmail, ...user } = invitation;
      const call = context.idempotent('inviteUser', invitation, options);
      const earlier = call && context.idempotency.replay(call, InvitationSchema);
      if (earlier) return earlier;
      accounts.assertMayGrant(user.role);
      const clash = () => usernameTaken(user.username);
      const outcome = uniqueViolation(clash, () =>
        write(() => {
          const replayed = call && context.idempotency.replay(call, InvitationSchema);
          if (replayed) return { answer: replayed, fresh: false };
          const id = insertUser(db, { ...user, enabled: true, passwordHash: '', now: timestamp() });
          const { link, expiresAt } = issueInvitation(id, { expiresInHours });
          audit(inviteEntry(id, createdFields(requireUser(id)), expiresAt));
          // The same key sent again answers this link again; it does not mail it a second time.
          const answer: Invitation = { user: detail(id), link, expiresAt, emailed: false, emailError: null };
          if (call) context.idempotency.remember(call, answer);
          return { answer, fresh: true };
        }),
      );
      if (!outcome.fresh) return outcome.answer;
      context.search.changed([outcome.answer.user.id]);
      return deliver(outcome.answer, sendEmail);
    },

    resendInvitation: async (id: UserId, terms: InvitationTerms): Promise<Invitation> => {
      const issued = write(() => reinviteInWrite(id, terms));
      return deliver(issued, terms.sendEmail);
    },

    /** The account a link invites, while the link is good: for the page that accepts it. */
    invitationFor: (token: string): Promise<InvitedAccount | null> => {
      const found = invitationByTokenHash(db, hashToken(token), timestamp());
      if (!found) return Promise.resolve(null);
      const user = requireUser(found.user_id);
      return Promise.resolve({
        username: user.username,
        displayName: user.display_name,
        expiresAt: found.expires_at,
      });
    },

    /** Sets the invited account's password; the link ends with it. Answers the username. */
    acceptInvitation: async (token: string, password: string): Promise<{ username: string }> => {
      const tokenHash = hashToken(token);
      const invited = invitationByTokenHash(db, tokenHash, timestamp());
      if (!invited) throw invalidInvitationLink();
      const passwordHash = await hashAllowed(password, requireUser(invited.user_id).username);
      return write(() => {
        // Checked again: the link may have been replaced or used while the password was hashed.
        const still = invitationByTokenHash(db, tokenHash, timestamp());
        if (!still) throw invalidInvitationLink();
        const user = requireUser(still.user_id);
        assertPasswordAllowed(db, password, user.username);
        updateUserRow(db, user, { passwordHash, now: timestamp() });
        audit(acceptInvitationEntry(user));
        return { username: user.username };
      });
    },

    listSessions: (id: UserId): Promise<SessionInfo[]> => {
      requireUser(id);
      return Promise.resolve(sessionsOfUser(db, id, timestamp()));
    },

    endSessions: (id: UserId): Promise<number> => {
      const ended = write(() => {
        manageableUser(id);
        const count = deleteSessionsOfUser(db, id);
        if (count > 0) audit(endSessionsEntry(id, count));
        return count;
      });
      return Promise.resolve(ended);
    },

    getPasswordPolicy: (): Promise<PasswordPolicy> => Promise.resolve(readPasswordPolicy(db)),

    setPasswordPolicy: (policy: PasswordPolicy): Promise<PasswordPolicy> => {
      write(() => {
        assertMayChangePasswordPolicy(context.callerRole());
        const before = replacedPasswordPolicy(db);
        writePasswordPolicy(db, policy);
        const entry = passwordPolicyEntry(before, policy);
        if (entry) audit(entry);
      });
      return Promise.resolve(readPasswordPolicy(db));
    },

    /** The user's own new password: within the policy, and only if they may set it themselves. */
    setOwnPassword: async (id: UserId, password: string): Promise<void> => {
      const own = requireUser(id);
      const passwordHash = await hashAllowed(password, own.username);
      write(() => {
        const current = requireUser(id);
        assertMaySetOwnPassword(current);
        assertPasswordAllowed(db, password, current.username);
        updateUserRow(db, current, { passwordHash, mustChangePassword: false, now: timestamp() });
        // Whoever else was signed in with the old password is signed out; this session goes on.
        const sessionsEnded = deleteSessionsOfUser(db, id, context.callerSessionId() ?? undefined);
        audit(ownPasswordEntry(id, current.must_change_password === 1, sessionsEnded));
      });
    },

    hashAllowed,
  };
}
