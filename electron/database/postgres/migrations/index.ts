import { directorySchema } from './0010-directory';
import { signInAddressesSchema } from './0110-sign-in-addresses';

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * In order; a version is never reused or edited once released. An instance on PostgreSQL starts
 * at the SQLite file's schema 100 (its first migration creates all of it), and both go on from
 * there in step, so that an instance can move between the two.
 */
export const postgresMigrations: readonly PostgresMigration[] = [
  { version: 100, name: 'directory', sql: directorySchema },
  { version: 110, name: 'sign-in-addresses', sql: signInAddressesSchema },
];

export const LATEST_POSTGRES_VERSION = postgresMigrations.at(-1)?.version ?? 0;
