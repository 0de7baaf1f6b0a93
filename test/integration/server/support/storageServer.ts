import Database from 'better-sqlite3';
import path from 'node:path';
import { openInstanceDatabase } from '../../../../electron/database/openDatabase';
import { postgresText, writeOnPostgres } from '../../../../electron/database/portable/postgresRunner';
import { writeOnSqlite } from '../../../../electron/database/portable/sqliteRunner';
import type { Work } from '../../../../electron/database/portable/steps';
import { postgresWorkRunner } from '../../../../electron/database/portable/workRunner';
import { openPostgresDatabase } from '../../../../electron/database/postgres/postgresDatabase';
import { createInstanceServer } from '../../../../electron/server/createInstanceServer';
import type { InstanceStorage } from '../../../../electron/server/instanceStorage';
import { silentServerLog } from '../../../../electron/server/serverLog';
import { createOrResetAdmin } from '../../../../electron/services/directory/portable/adminAccount';
import { makeTempDir } from '../../../support/tempDir';
import { NATIVE_DIR } from '../../directory/support/instanceDb';
import { freshPostgresDatabase, STORAGE, type StorageKind } from '../../directory/support/storage';
import { apiClient, signIn, type ApiClient } from './api';
import { ADMIN, hasher, newInstanceFile } from './instanceFile';
import type { LocalServerOptions } from './localServer';

/**
 * The instance server built in this process over this run's storage (the vitest project says which:
 * an instance file, or a fresh database in the run's PostgreSQL cluster), with the first
 * administrator, and a connection of the test's own to look behind the server's back.
 */
export interface StorageServer {
  kind: StorageKind;
  url: string;
  api: ApiClient;
  /** A statement with `?` placeholders, on the test's own connection. */
  query: <R>(sql: string, params?: readonly unknown[]) => Promise<R[]>;
  /** The first column of the first row, as a number (a count). */
  count: (sql: string, params?: readonly unknown[]) => Promise<number>;
  /** Portable work in one write transaction of the test's own, as another writer would run it. */
  write: <T>(work: () => Work<T>) => Promise<T>;
  adminToken: () => Promise<string>;
  close: () => Promise<void>;
}

interface Side {
  storage: InstanceStorage;
  query: StorageServer['query'];
  write: StorageServer['write'];
  close: () => Promise<void>;
}

async function sqliteSide(): Promise<Side> {
  const temp = makeTempDir('roster-server-storage-');
  const file = path.join(temp.path, 'instance.sqlite');
  await newInstanceFile(file);
  const own = new Database(file);
  own.pragma('busy_timeout = 5000');
  return {
    storage: { kind: 'sqlite', db: openInstanceDatabase(file, { mode: 'open', nativeDir: NATIVE_DIR }) },
    query: <R>(sql: string, params: readonly unknown[] = []) => {
      const statement = own.prepare(sql);
      return Promise.resolve(
        (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as R[],
      );
    },
    write: (work) => Promise.resolve(writeOnSqlite(own, work)),
    close: () => {
      own.close();
      temp.remove();
      return Promise.resolve();
    },
  };
}

async function postgresSide(): Promise<Side> {
  const url = await freshPostgresDatabase();
  const own = await openPostgresDatabase(url, { maxConnections: 2 });
  await createOrResetAdmin({ storage: postgresWorkRunner(own), hasher, actor: 'cli:test' }, ADMIN);
  return {
    storage: { kind: 'postgres', database: await openPostgresDatabase(url) },
    query: <R>(sql: string, params: readonly unknown[] = []) => own.sql.rows<R>(postgresText(sql), params),
    write: (work) => writeOnPostgres(own, work),
    close: () => own.close(),
  };
}

export async function startStorageServer(options: LocalServerOptions = {}): Promise<StorageServer> {
  const side = STORAGE === 'sqlite' ? await sqliteSide() : await postgresSide();
  const server = createInstanceServer({
    ...options,
    storage: side.storage,
    hasher,
    log: silentServerLog,
    info: { name: 'Roster test instance', version: '0' },
  });
  const { url } = await server.listen(0, '127.0.0.1');
  const api = apiClient(url);
  return {
    kind: STORAGE,
    url,
    api,
    query: side.query,
    count: async (sql, params) => {
      const [row] = await side.query<Record<string, unknown>>(sql, params);
      return Number(Object.values(row ?? {})[0] ?? 0);
    },
    write: side.write,
    adminToken: () => signIn(api, ADMIN.username, ADMIN.password),
    async close() {
      await server.close();
      await side.close();
    },
  };
}
