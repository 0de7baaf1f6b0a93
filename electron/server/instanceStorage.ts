import type { Database } from 'better-sqlite3';
import { openInstanceDatabase } from '../database/openDatabase';
import { postgresWorkRunner, sqliteWorkRunner, type WorkRunner } from '../database/portable/workRunner';
import { openPostgresDatabase, type PostgresDatabase } from '../database/postgres/postgresDatabase';
import type { Directory, SelfService } from '../services/directory/directory';
import {
  createLocalDirectory,
  type InvitationAcceptance,
  type LocalDirectoryDeps,
} from '../services/directory/local/localDirectory';
import { createPostgresDirectory } from '../services/directory/postgres/postgresDirectory';

/** Where the server keeps its instance: an SQLite file (the embedded default) or a PostgreSQL database. */
export type InstanceStorage =
  { kind: 'sqlite'; db: Database } | { kind: 'postgres'; database: PostgresDatabase };

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** `postgres://…` (or `postgresql://…`) names a database; anything else is an instance file. */
export const isPostgresLocation = (location: string): boolean => POSTGRES_URL.test(location);

/**
 * Opens the instance the server was pointed at. A file must exist already (the admin command makes
 * one); a PostgreSQL database gets its schema made or brought up to date.
 */
export async function openInstanceStorage(
  location: string,
  options: { nativeDir: string; onIdleError?: (error: Error) => void },
): Promise<InstanceStorage> {
  if (isPostgresLocation(location))
    return {
      kind: 'postgres',
      database: await openPostgresDatabase(
        location,
        options.onIdleError ? { onIdleError: options.onIdleError } : {},
      ),
    };
  return {
    kind: 'sqlite',
    db: openInstanceDatabase(location, { mode: 'open', nativeDir: options.nativeDir }),
  };
}

export const workRunnerOf = (storage: InstanceStorage): WorkRunner =>
  storage.kind === 'sqlite' ? sqliteWorkRunner(storage.db) : postgresWorkRunner(storage.database);

/** The instance's directory: its close closes the file or ends the pool. */
export function directoryOf(
  storage: InstanceStorage,
  deps: Omit<LocalDirectoryDeps, 'db'>,
): Directory & SelfService & InvitationAcceptance {
  return storage.kind === 'sqlite'
    ? createLocalDirectory({ ...deps, db: storage.db })
    : createPostgresDirectory({ ...deps, database: storage.database });
}

/** For a caller that used the storage without a directory (the admin command). */
export const closeInstanceStorage = async (storage: InstanceStorage): Promise<void> => {
  if (storage.kind === 'sqlite') storage.db.close();
  else await storage.database.close();
};
