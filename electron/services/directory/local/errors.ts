import { RosterError } from '../../../../shared/contract/errors';
import { KeychainUnavailableError } from '../../../secrets/keychain';

/** Runs a write and turns a UNIQUE violation into the refusal the user should read. */
export function uniqueViolation<T>(refusal: () => RosterError, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (isUniqueViolation(error)) throw refusal();
    throw error;
  }
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** A keychain that cannot be reached is a clear, typed refusal, never a silent fallback. */
export async function keychainCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof KeychainUnavailableError) throw new RosterError('UNAVAILABLE', error.message);
    throw error;
  }
}
