import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { inject } from 'vitest';
import { openInstanceDatabase } from '../../../../electron/database/openDatabase';
import { writeOnPostgres } from '../../../../electron/database/portable/postgresRunner';
import { writeOnSqlite } from '../../../../electron/database/portable/sqliteRunner';
import type { Work } from '../../../../electron/database/portable/steps';
import { postgresText } from '../../../../electron/database/portable/postgresRunner';
import { openPostgresDatabase } from '../../../../electron/database/postgres/postgresDatabase';
import type { Sql } from '../../../../electron/database/postgres/sql';
import type { Keychain } from '../../../../electron/secrets/keychain';
import type { Directory, SelfService } from '../../../../electron/services/directory/directory';
import {
  createLocalDirectory,
  type InvitationAcceptance,
} from '../../../../electron/services/directory/local/localDirectory';
import {
  createPostgresDirectory,
  type PostgresDirectoryDeps,
} from '../../../../electron/services/directory/postgres/postgresDirectory';
import { createDatabase } from '../../../support/postgresCluster';
import { hasher, NATIVE_DIR, observeWrites, rowCounts, TABLES, type RowCounts } from './instanceDb';
import { MemoryKeychain } from './memoryKeychain';

export type StorageKind = 'sqlite' | 'postgres';

/** Which storage this run's directory suites use: the vitest project says (vitest.config.ts). */
export const STORAGE: StorageKind = process.env.ROSTER_TEST_STORAGE === 'postgres' ? 'postgres' : 'sqlite';

export type TestDirectory = Directory & SelfService & InvitationAcceptance;

/** Who acts, as the instance server would say it; a fixed actor and the Administrator by default. */
export type CallerOptions = Pick<
  PostgresDirectoryDeps,
  | 'actor'
  | 'callerRole'
  | 'callerUserId'
  | 'callerSessionId'
  | 'callerSource'
  | 'now'
  | 'tokenTtl'
  | 'invitations'
>;

/**
 * An instance's storage seen from outside its directories, over a connection of its own: what a
 * test reads behind the directory's back, and whether anything at all was written.
 */
export interface StorageLook {
  /** A statement with `?` placeholders (for PostgreSQL they become $1, $2…). */
  query: <R>(sql: string, params?: readonly unknown[]) => Promise<R[]>;
  /**
   * Row counts of the directory tables and a marker that moves with any committed write (SQLite's
   * data_version; on PostgreSQL every table's row count and newest row version — not the version
   * sequence, which a rolled-back insert also moves): two equal states saw nothing written between them.
   */
  state: () => Promise<{ counts: RowCounts; marker: string }>;
  close: () => Promise<void>;
}

/** Every table of an instance on PostgreSQL, for the marker of any write. */
const ALL_TABLES = [
  ...TABLES,
  'sessions',
  'used_refresh_tokens',
  'idempotency_keys',
  'invitations',
  'instance_settings',
  'api_keys',
  'audit_chain',
  'audit_related',
];
const POSTGRES_MARKER = `SELECT concat_ws(' ', ${ALL_TABLES.map(
  (table) => `(SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM ${table})`,
).join(', ')})`;

async function postgresCounts(sql: Sql): Promise<RowCounts> {
  const counts = {} as RowCounts;
  for (const table of TABLES) counts[table] = (await sql.value<number>(`SELECT count(*) FROM ${table}`)) ?? 0;
  return counts;
}

/** Where an instance is kept: its SQLite file, or its PostgreSQL database. */
export type StorageLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export const lookAt = async (location: StorageLocation): Promise<StorageLook> =>
  location.kind === 'sqlite' ? lookAtSqlite(location.file) : lookAtPostgres(location.url);

export function lookAtSqlite(file: string): StorageLook {
  const observer = observeWrites(file);
  return {
    query: <R>(sql: string, params: readonly unknown[] = []) =>
      Promise.resolve(observer.db.prepare(sql).all(...params) as R[]),
    state: () => {
      const { counts, dataVersion } = observer.state();
      return Promise.resolve({ counts, marker: String(dataVersion) });
    },
    close: () => Promise.resolve(observer.close()),
  };
}

export async function lookAtPostgres(url: string): Promise<StorageLook> {
  const database = await openPostgresDatabase(url, { maxConnections: 1 });
  const query = <R>(sql: string, params: readonly unknown[] = []) =>
    database.sql.rows<R>(postgresText(sql), params);
  return {
    query,
    state: () =>
      database.snapshot(async (tx) => {
        const counts = {} as RowCounts;
        for (const table of TABLES)
          counts[table] = (await tx.value<number>(`SELECT count(*) FROM ${table}`)) ?? 0;
        return { counts, marker: (await tx.value<string>(POSTGRES_MARKER)) ?? '' };
      }),
    close: () => database.close(),
  };
}

/** A directory over the instance in the PostgreSQL database at `url`, on a pool of its own. */
export async function openPostgresTestDirectory(
  url: string,
  deps: Omit<PostgresDirectoryDeps, 'database'>,
): Promise<TestDirectory> {
  const database = await openPostgresDatabase(url);
  return createPostgresDirectory({ database, ...deps });
}

export interface TestStorage {
  kind: StorageKind;
  /** Where the instance is, for a child process to open: its SQLite file, or its database's URL. */
  location: string;
  directory: TestDirectory;
  keychain: Keychain;
  instanceId: string;
  /** Rows in each directory table, read behind the directory's back. */
  counts: () => Promise<RowCounts>;
  /**
   * A statement on the instance's own storage, for a test's setup or a look behind the directory.
   * Written with `?` placeholders; for PostgreSQL they become $1, $2…
   */
  query: <R>(sql: string, params?: readonly unknown[]) => Promise<R[]>;
  /** Portable work in one write transaction of its own, as another writer on the storage would run it. */
  write: <T>(work: () => Work<T>) => Promise<T>;
  /** A second directory over the same storage, as another process would open it. */
  reopen: (options?: Partial<CallerOptions>) => Promise<TestDirectory>;
  /** A look from outside, on a connection of its own (closed by `close`). */
  look: () => Promise<StorageLook>;
  close: () => Promise<void>;
}

let migratedTemplate: Promise<string> | undefined;

/**
 * A fresh instance database in the run's cluster: a copy of one this test file migrated once, which
 * costs a fraction of creating and migrating each (about 50 ms instead of 300).
 */
export async function freshPostgresDatabase(): Promise<string> {
  const clusterUrl = inject('postgresUrl');
  migratedTemplate ??= (async () => {
    const url = await createDatabase(clusterUrl, 'roster_template');
    await (await openPostgresDatabase(url, { maxConnections: 1 })).close();
    return new URL(url).pathname.slice(1);
  })();
  return createDatabase(clusterUrl, 'roster', await migratedTemplate);
}

/**
 * A fresh instance on this run's storage: an SQLite file in `dir`, or a new database in the run's
 * PostgreSQL cluster. Every directory opened on it is closed by `close`.
 */
export async function openTestStorage(
  dir: string,
  options: Partial<CallerOptions> & { keychain?: Keychain; instanceId?: string } = {},
): Promise<TestStorage> {
  const keychain = options.keychain ?? new MemoryKeychain();
  const instanceId = options.instanceId ?? randomUUID();
  const caller: CallerOptions = { actor: 'test-admin', ...options };
  const closers: (() => Promise<void> | void)[] = [];

  if (STORAGE === 'sqlite') {
    const file = path.join(dir, `${randomUUID()}.sqlite`);
    const open = (more: Partial<CallerOptions> = {}) => {
      const db = openInstanceDatabase(file, { mode: 'either', nativeDir: NATIVE_DIR });
      const directory = createLocalDirectory({ db, instanceId, hasher, keychain, ...caller, ...more });
      closers.push(() => directory.close());
      return { db, directory };
    };
    const first = open();
    return {
      kind: 'sqlite',
      location: file,
      directory: first.directory,
      keychain,
      instanceId,
      counts: () => Promise.resolve(rowCounts(first.db)),
      query: <R>(sql: string, params: readonly unknown[] = []) => {
        const statement = first.db.prepare(sql);
        return Promise.resolve(
          (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as R[],
        );
      },
      write: (work) => Promise.resolve(writeOnSqlite(first.db, work)),
      reopen: (more) => Promise.resolve(open(more).directory),
      look: () => {
        const look = lookAtSqlite(file);
        closers.push(look.close);
        return Promise.resolve(look);
      },
      close: async () => {
        for (const close of closers.reverse()) await close();
      },
    };
  }

  const url = await freshPostgresDatabase();
  const open = async (more: Partial<CallerOptions> = {}) => {
    const directory = await openPostgresTestDirectory(url, {
      instanceId,
      hasher,
      keychain,
      ...caller,
      ...more,
    });
    closers.push(() => directory.close());
    return directory;
  };
  const directory = await open();
  // The storage's own pool, behind the directory's back; opened after the directory made the schema.
  const database = await openPostgresDatabase(url, { maxConnections: 2 });
  closers.push(() => database.close());
  return {
    kind: 'postgres',
    location: url,
    directory,
    keychain,
    instanceId,
    counts: () => postgresCounts(database.sql),
    query: <R>(sql: string, params: readonly unknown[] = []) =>
      database.sql.rows<R>(postgresText(sql), params),
    write: (work) => writeOnPostgres(database, work),
    reopen: open,
    look: async () => {
      const look = await lookAtPostgres(url);
      closers.push(look.close);
      return look;
    },
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}
