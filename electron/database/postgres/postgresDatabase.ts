import pg from 'pg';
import { RosterError } from '../../../shared/contract/errors';
import { LATEST_POSTGRES_VERSION, postgresMigrations } from './migrations';
import { sqlOn, type Sql } from './sql';

/**
 * Advisory lock keys ("RSTR" and the next). Every write transaction takes WRITE_LOCK first, which
 * makes writers to one instance take turns, whichever process they run in: the checks a write
 * makes (versions, the last administrator, an idempotency key, lockout counters) see what no other
 * writer can change before it commits, as SQLite's BEGIN IMMEDIATE gives the file. Reads never wait.
 */
const WRITE_LOCK = 0x52535452;
const MIGRATION_LOCK = 0x52535453;

/** One instance's PostgreSQL database, shared by any number of server processes. */
export interface PostgresDatabase {
  /** Single statements, each seeing what was committed when it started. */
  sql: Sql;
  /** A write transaction: the whole of `work` or none of it. */
  write: <T>(work: (tx: Sql) => Promise<T>) => Promise<T>;
  /** Several reads that see one moment of the database. */
  snapshot: <T>(work: (tx: Sql) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
}

/** int8 (counts, versions) as numbers: none comes near 2^53. For this pool only. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, Number);

async function transaction<T>(pool: pg.Pool, begin: string, work: (tx: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect().catch((error: unknown) => {
    throw unreachable(error);
  });
  let broken = false;
  try {
    await client.query(begin);
    const result = await work(sqlOn(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    // A connection that could not roll back is not handed to the next caller.
    client.release(broken);
  }
}

function unreachable(error: unknown): RosterError {
  const why = error instanceof Error ? error.message : String(error);
  return new RosterError('UNAVAILABLE', `The PostgreSQL database cannot be reached: ${why}.`);
}

/**
 * Connects to an instance's database and brings its schema up to date. A database that holds
 * tables but no Roster schema is refused and left as it is.
 */
export async function openPostgresDatabase(
  connectionString: string,
  options: { maxConnections?: number; onIdleError?: (error: Error) => void } = {},
): Promise<PostgresDatabase> {
  const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10, types });
  // A connection dropped while idle is only logged: the pool makes a new one when next asked.
  pool.on('error', (error) => options.onIdleError?.(error));
  const database: PostgresDatabase = {
    sql: sqlOn(pool),
    write: (work) =>
      transaction(pool, 'BEGIN', async (tx) => {
        await tx.run('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
        return work(tx);
      }),
    snapshot: (work) => transaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', work),
    close: () => pool.end(),
  };
  try {
    await migratePostgres(pool);
    return database;
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/** Every pending migration in one transaction, one process at a time. */
async function migratePostgres(pool: pg.Pool): Promise<void> {
  await transaction(pool, 'BEGIN', async (tx) => {
    await tx.run('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const tracked = await tx.value<string | null>("SELECT to_regclass('roster_schema')::text");
    if (tracked === null) {
      const tables = await tx.value<number>(
        'SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()',
      );
      if ((tables ?? 0) > 0)
        throw new RosterError(
          'BAD_FILE',
          'That database holds tables that are not a Roster instance. It was left unchanged.',
        );
      await tx.run(
        'CREATE TABLE roster_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)',
      );
    }
    const current = (await tx.value<number>('SELECT max(version) FROM roster_schema')) ?? 0;
    if (current > LATEST_POSTGRES_VERSION)
      throw new RosterError(
        'BAD_FILE',
        `This instance database was written by a newer Roster (schema ${current}); this version reads up to schema ${LATEST_POSTGRES_VERSION}.`,
      );
    for (const migration of postgresMigrations.filter((step) => step.version > current)) {
      await tx.run(migration.sql);
      await tx.run('INSERT INTO roster_schema (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
    }
  });
}
