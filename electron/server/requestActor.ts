import { AsyncLocalStorage } from 'node:async_hooks';
import type { UserId } from '../../shared/domain/directory';
import type { Role } from '../../shared/domain/roles';

/** Who a request acts as: how the audit log names them, their rights, and which user they are. */
export interface Caller {
  actor: string;
  role: Role;
  userId: UserId;
}

/**
 * The directory is built once and asks these at each change; AsyncLocalStorage carries the
 * answer through every await of the request that set it.
 */
const storage = new AsyncLocalStorage<Caller>();

export const actAs = <T>(caller: Caller, work: () => T): T => storage.run(caller, work);

/** `server` for the server's own changes (outside any request), with every right and no user. */
export const currentActor = (): string => storage.getStore()?.actor ?? 'server';
export const currentRole = (): Role => storage.getStore()?.role ?? 'administrator';
export const currentUserId = (): UserId | null => storage.getStore()?.userId ?? null;

/** How the audit log names a user acting through the API. */
export const apiActor = (username: string): string => `api:${username}`;
