import type { AuditAction } from '../../../shared/domain/audit';
import type { Work } from '../../database/portable/steps';
import { recordAuditEntry, type AuditRecord } from '../directory/portable/auditLog';

/** How the audit log names an account acting through the API, its sign-in included. */
export const apiActor = (username: string): string => `api:${username}`;

/** How the audit log names a caller who has not proved to be anyone: a failed sign-in, a replayed token. */
export const addressActor = (clientAddress: string): string => `login from ${clientAddress}`;

/** The account an entry is about, or only the name given for one that does not exist. */
export type SignInTarget = { id: number; username: string } | { id: null; username: string };

type Said = Pick<AuditRecord, 'before' | 'after' | 'detail'>;

/**
 * The audit entries of sign-in events, each with the client's address as its source. Each must be
 * written inside the write transaction of the state change it describes.
 */
export function createSignInAudit(now: () => Date) {
  const record = (
    action: AuditAction,
    actor: Pick<AuditRecord, 'actor' | 'actorId'>,
    target: SignInTarget,
    source: string,
    said: Said,
  ): Work<void> =>
    recordAuditEntry(now().toISOString(), {
      ...actor,
      source,
      action,
      targetType: 'user',
      ...(target.id === null ? {} : { targetId: target.id }),
      targetName: target.username,
      ...said,
    });

  return {
    /** By the account itself: it proved who it is (a password, a current token). */
    byAccount: (
      action: AuditAction,
      account: { id: number; username: string },
      source: string,
      said: Said = {},
    ) => record(action, { actor: apiActor(account.username), actorId: account.id }, account, source, said),
    /** By whoever is at `source`, about `target`: nothing proved who they are. */
    byAddress: (action: AuditAction, target: SignInTarget, source: string, said: Said = {}) =>
      record(action, { actor: addressActor(source), actorId: null }, target, source, said),
  };
}

export type SignInAudit = ReturnType<typeof createSignInAudit>;
