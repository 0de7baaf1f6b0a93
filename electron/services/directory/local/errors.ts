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

/** The same for a write that runs asynchronously (the PostgreSQL directory's). */
export async function uniqueViolationOf<T>(refusal: () => RosterError, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw refusal();
    throw error;
  }
}

/** SQLite's code, or PostgreSQL's SQLSTATE unique_violation. */
const UNIQUE_VIOLATIONS: readonly unknown[] = ['SQLITE_CONSTRAINT_UNIQUE', '23505'];

const isUniqueViolation = (error: unknown) =>
  error instanceof Error && UNIQUE_VIOLATIONS.includes((error as { code?: unknown }).code);

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
