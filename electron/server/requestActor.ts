import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../../shared/domain/roles';

/** Who a request acts as: how the audit log names them, and the role their rights come from. */
export interface Caller {
  actor: string;
  role: Role;
}

/**
 * The directory is built once and asks these at each change; AsyncLocalStorage carries the
 * answer through every await of the request that set it.
 */
const storage = new AsyncLocalStorage<Caller>();

export const actAs = <T>(caller: Caller, work: () => T): T => storage.run(caller, work);

/** `server` for the server's own changes (outside any request), with every right. */
export const currentActor = (): string => storage.getStore()?.actor ?? 'server';
export const currentRole = (): Role => storage.getStore()?.role ?? 'administrator';

/** How the audit log names a user acting through the API. */
export const apiActor = (username: string): string => `api:${username}`;
