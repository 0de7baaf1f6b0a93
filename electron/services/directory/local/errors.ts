import { RosterError } from '../../../../shared/contract/errors';
import type { Version } from '../../../../shared/domain/directory';

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

/** A conditional write found the resource changed since the caller read it. */
export class StaleVersionError extends RosterError {
  constructor(
    what: 'user' | 'group',
    readonly currentVersion: Version,
  ) {
    super(
      'STALE',
      `This ${what} was changed by someone else after you read it: look at it again before you change it.`,
    );
    this.name = 'StaleVersionError';
  }
}
