import { RosterError } from '../../../../shared/contract/errors';

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
