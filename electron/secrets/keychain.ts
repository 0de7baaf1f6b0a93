import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { RosterError } from '../../shared/contract/errors';

/** The keychain service name every Roster secret is stored under. */
export const SERVICE = 'Roster';

/**
 * Where secrets live: the OS keychain, behind this seam so that services take it as an argument.
 * Every method rejects with KeychainUnavailableError when the keychain cannot be used; there is
 * deliberately no fallback to a file (DESIGN.md: "never in a plain file").
 */
export interface Keychain {
  /** Which store this is, in words a user can act on, e.g. "Secret Service on Linux". */
  readonly backend: string;
  /** Creates or replaces the secret of `account`. */
  set(account: string, secret: string): Promise<void>;
  /** The secret of `account`, or undefined when there is none. */
  get(account: string): Promise<string | undefined>;
  /** Removes the secret of `account`: true if there was one, false if there was nothing to remove. */
  delete(account: string): Promise<boolean>;
}

/** The keychain could not be reached or used; the message names the backend and the reason. */
export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';

  constructor(
    readonly backend: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`The OS keychain (${backend}) is not available: ${reason}`, options);
  }
}

/** A keychain that cannot be reached is a clear, typed refusal (UNAVAILABLE), never a silent fallback. */
export async function keychainCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof KeychainUnavailableError) throw new RosterError('UNAVAILABLE', error.message);
    throw error;
  }
}

/** A JSON entry read back from the keychain; one someone else edited is treated as missing, not trusted. */
export function parseKept<T extends z.ZodType>(
  stored: string | undefined,
  schema: T,
): z.output<T> | undefined {
  if (stored === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The keychain account of one secret of a user, e.g. `instance:3f0c…/user:42/token`: the instance
 * first so that one instance's entries can be found (and removed) together, and a trailing kind so
 * that several secrets of the same user can sit side by side. No part may contain "/" or be empty,
 * which keeps the format unambiguous; instance ids are UUIDs and the others integers, so real ids
 * never do.
 */
function userAccount(instanceId: string, userId: number | string, kind: string): string {
  const user = String(userId);
  for (const [label, part] of [
    ['instance id', instanceId],
    ['user id', user],
  ] as const) {
    if (part === '' || part.includes('/'))
      throw new RangeError(`A keychain ${label} must be non-empty and contain no "/".`);
  }
  return `instance:${instanceId}/user:${user}/${kind}`;
}

/** The keychain account that holds a user's token pair. */
export const tokenAccount = (instanceId: string, userId: number | string): string =>
  userAccount(instanceId, userId, 'token');

/** The keychain account that holds the value of one of a user's named API keys. */
export const apiKeyAccount = (instanceId: string, userId: number, keyId: number): string =>
  userAccount(instanceId, userId, `key:${keyId}`);

/**
 * The keychain accounts of a remote instance's connection: the password Roster
 * signs in with and the session's token pair, e.g. `instance:3f0c…/password`.
 */
export function connectionAccounts(instanceId: string): { password: string; session: string } {
  if (instanceId === '' || instanceId.includes('/'))
    throw new RangeError('A keychain instance id must be non-empty and contain no "/".');
  return { password: `instance:${instanceId}/password`, session: `instance:${instanceId}/session` };
}

export type KeychainProbe = { available: true } | { available: false; reason: string };

/**
 * Whether the keychain works right now: writes, reads back and deletes a throwaway entry, because
 * only a real round trip shows a locked keyring or a missing Secret Service. Never throws; the
 * reason is the full message (backend and cause) so that the UI can show it as it is.
 */
export async function probeKeychain(keychain: Keychain): Promise<KeychainProbe> {
  // A random account, so that two probes (two windows, two test runs) never trip over each other.
  const account = `probe/${randomUUID()}`;
  const secret = randomUUID();
  try {
    await keychain.set(account, secret);
    try {
      const read = await keychain.get(account);
      if (read !== secret) {
        return {
          available: false,
          reason: `The OS keychain (${keychain.backend}) did not return what was stored.`,
        };
      }
    } finally {
      await keychain.delete(account);
    }
    return { available: true };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
