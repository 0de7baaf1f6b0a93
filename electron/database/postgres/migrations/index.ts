import { directorySchema } from './0010-directory';
import { signInAddressesSchema } from './0110-sign-in-addresses';
import { listingChangesSchema } from './0120-listing-changes';
import { jobsSchema } from './0130-jobs';

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * In order; a version is never reused or edited once released. An instance on PostgreSQL starts
 * at the SQLite file's schema 100 (its first migration creates all of it), and both go on from
 * there with one numbering, so that an instance can move between the two: a change to the tables
 * both have takes the same number on both; a number used by one storage alone (120 here: what
 * several processes need) is never used by the other for something else.
 */
export const postgresMigrations: readonly PostgresMigration[] = [
  { version: 100, name: 'directory', sql: directorySchema },
  { version: 110, name: 'sign-in-addresses', sql: signInAddressesSchema },
  { version: 120, name: 'listing-changes', sql: listingChangesSchema },
  { version: 130, name: 'jobs', sql: jobsSchema },
];

export const LATEST_POSTGRES_VERSION = postgresMigrations.at(-1)?.version ?? 0;
