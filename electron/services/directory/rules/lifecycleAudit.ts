import { auditDiff } from '../../../../shared/domain/audit';
import type { UserId } from '../../../../shared/domain/directory';
import type { PasswordPolicy } from '../../../../shared/domain/passwordPolicy';
import type { AuditRecord } from '../local/auditLog';

/** An entry the directory writes in the caller's name, unless it names its own actor. */
export type LifecycleEntry = Omit<AuditRecord, 'actor'> & { actor?: string };

/** `note` says what the change was part of (a bulk action). */
const noted = (note: string | undefined) => (note === undefined ? {} : { detail: note });

export const resetPasswordEntry = (
  id: UserId,
  reset: { generated: boolean; sessionsEnded: number },
  note?: string,
): LifecycleEntry => ({
  action: 'user.resetPassword',
  targetType: 'user',
  targetId: id,
  after: { mustChangePassword: true, generated: reset.generated, sessionsEnded: reset.sessionsEnded },
  ...noted(note),
});

export const reinviteEntry = (id: UserId, expiresAt: string, note?: string): LifecycleEntry => ({
  action: 'user.reinvite',
  targetType: 'user',
  targetId: id,
  after: { invitationExpiresAt: expiresAt },
  ...noted(note),
});

export const inviteEntry = (id: UserId, created: object, expiresAt: string): LifecycleEntry => ({
  action: 'user.invite',
  targetType: 'user',
  targetId: id,
  after: { ...created, invitationExpiresAt: expiresAt },
});

/** Nobody is signed in: the one acting is whoever holds the link, the invited user. */
export const acceptInvitationEntry = (user: { id: UserId; username: string }): LifecycleEntry => ({
  actor: `invitation:${user.username}`,
  actorId: user.id,
  action: 'user.acceptInvitation',
  targetType: 'user',
  targetId: user.id,
  before: { invited: true },
  after: { invited: false },
});

export const endSessionsEntry = (id: UserId, sessionsEnded: number): LifecycleEntry => ({
  action: 'user.endSessions',
  targetType: 'user',
  targetId: id,
  after: { sessionsEnded },
});

export const ownPasswordEntry = (id: UserId, mustChange: boolean, sessionsEnded: number): LifecycleEntry => ({
  action: 'user.ownPassword',
  targetType: 'user',
  targetId: id,
  ...(mustChange
    ? {
        before: { mustChangePassword: true },
        after: { mustChangePassword: false, passwordChanged: true, sessionsEnded },
      }
    : { after: { passwordChanged: true, sessionsEnded } }),
});

/** The policy's change, or null when nothing changed. */
export function passwordPolicyEntry(
  before: PasswordPolicy | { damaged: true },
  after: PasswordPolicy,
): LifecycleEntry | null {
  const change = auditDiff(before, after);
  return change ? { action: 'instance.passwordPolicy', targetType: 'instance', ...change } : null;
}
