import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who the current request acts as, for the audit log. The directory is built
 * once and asks this at each change; AsyncLocalStorage carries the answer
 * through every await of the request that set it.
 */
const storage = new AsyncLocalStorage<string>();

export const actAs = <T>(actor: string, work: () => T): T => storage.run(actor, work);

/** `server` for the server's own changes (outside any request). */
export const currentActor = (): string => storage.getStore() ?? 'server';

/** How the audit log names a user acting through the API. */
export const apiActor = (username: string): string => `api:${username}`;
