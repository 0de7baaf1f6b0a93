import type { AuditAction, AuditActionKind, AuditEntry } from '../../../shared/domain/audit';

/** Each action as the log's rows say it, next to the target it names. */
export const ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'user.create': 'User created',
  'user.update': 'User changed',
  'user.delete': 'User deleted',
  'user.enable': 'User enabled',
  'user.disable': 'User disabled',
  'user.updateOwn': 'Own account changed',
  'user.resetAdmin': 'Administrator reset',
  'group.create': 'Group created',
  'group.update': 'Group changed',
  'group.delete': 'Group deleted',
  'user.groups': 'Groups changed',
  'group.addMembers': 'Members added',
  'group.removeMembers': 'Members removed',
  'user.role': 'Role changed',
  'user.admin': 'Administrator changed',
  'user.resetPassword': 'Password reset',
  'user.ownPassword': 'Own password changed',
  'user.invite': 'Invited',
  'user.reinvite': 'Invited again',
  'user.acceptInvitation': 'Invitation accepted',
  'token.generate': 'Token generated',
  'token.revoke': 'Token revoked',
  'apiKey.create': 'API key created',
  'apiKey.revoke': 'API key revoked',
  'signIn.success': 'Signed in',
  'signIn.failure': 'Sign-in failed',
  'signIn.refresh': 'Session refreshed',
  'signIn.refreshReuse': 'Refresh token reused',
  'signIn.signOut': 'Signed out',
  'user.lock': 'Locked out',
  'user.unlock': 'Unlocked',
  'user.endSessions': 'Sessions ended',
  'instance.passwordPolicy': 'Password policy changed',
  'instance.auditRetention': 'Audit retention changed',
  'audit.prune': 'Audit log pruned',
};

/** The kinds as the filter's chips name them. */
export const KIND_LABELS: Readonly<Record<AuditActionKind, string>> = {
  users: 'Users',
  groups: 'Groups',
  memberships: 'Memberships',
  roles: 'Roles',
  passwords: 'Passwords',
  invitations: 'Invitations',
  credentials: 'Tokens and keys',
  signIn: 'Sign-ins',
  settings: 'Settings',
};

/** What an entry acted on, in words: the user's or group's name, or the instance. */
export function targetText(entry: Pick<AuditEntry, 'targetType' | 'targetName' | 'targetId'>): string {
  if (entry.targetType === 'instance') return 'the instance';
  if (entry.targetName) return entry.targetName;
  return `${entry.targetType} #${entry.targetId ?? '?'}`;
}

/** Where an entry came from, in words: the client's address, or this machine. */
export const sourceText = (source: string | null): string => source ?? 'This machine';
