import { AsyncLocalStorage } from 'node:async_hooks';
import type { UserId } from '../../shared/domain/directory';
import type { Role } from '../../shared/domain/roles';

/** Who a request acts as: how the audit log names them, their rights, which user and sign-in they are. */
export interface Caller {
  actor: string;
  role: Role;
  userId: UserId;
  /** The sign-in session the request came with; null for a generated pair or an API key. */
  sessionId: number | null;
}

/** A request as the directory's audit log sees it: the signed-in caller (none for a public endpoint) and the client's address. */
interface RequestScope {
  caller: Caller | null;
  source: string;
}

/**
 * The directory is built once and asks these at each change; AsyncLocalStorage carries the
 * answer through every await of the request that set it.
 */
const storage = new AsyncLocalStorage<RequestScope>();

export const actAs = <T>(caller: Caller | null, source: string, work: () => T): T =>
  storage.run({ caller, source }, work);

/** `server` for the server's own changes (outside any request), with every right and no user. */
export const currentActor = (): string => storage.getStore()?.caller?.actor ?? 'server';
export const currentRole = (): Role => storage.getStore()?.caller?.role ?? 'administrator';
export const currentUserId = (): UserId | null => storage.getStore()?.caller?.userId ?? null;
export const currentSessionId = (): number | null => storage.getStore()?.caller?.sessionId ?? null;
/** The client's address; null for the server's own changes. */
export const currentSource = (): string | null => storage.getStore()?.source ?? null;
