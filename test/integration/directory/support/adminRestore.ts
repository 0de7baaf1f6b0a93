import { openPostgresDatabase } from '../../../../electron/database/postgres/postgresDatabase';
import { openAdminRestore } from '../../server/support/adminRace';
import type { StorageLocation } from './storage';

/** Puts the last administrators back between the rounds of a race, on either storage. */
export interface StorageAdminRestore {
  /** The administrators' rows as they were when this was opened. */
  reset: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * On SQLite, server/support/adminRace.ts's restore (which also gives each a login session); on
 * PostgreSQL the same rows deleted and inserted again in one write transaction, taking the
 * directory's write lock as any writer does.
 */
export async function openAdminRestoreAt(
  location: StorageLocation,
  adminIds: readonly number[],
): Promise<StorageAdminRestore> {
  if (location.kind === 'sqlite') {
    const restore = openAdminRestore(location.file, adminIds);
    return {
      reset: () => Promise.resolve(restore.reset()),
      close: () => Promise.resolve(restore.close()),
    };
  }
  const database = await openPostgresDatabase(location.url, { maxConnections: 1 });
  const rows = await database.sql.rows<Record<string, unknown>>(
    'SELECT * FROM users WHERE id = ANY($1::int[])',
    [adminIds],
  );
  if (rows.length !== adminIds.length) throw new Error('Some of the administrators to restore do not exist.');
  const columns = Object.keys(rows[0] ?? {});
  const insert = `INSERT INTO users (${columns.join(', ')}) VALUES (${columns.map((_, n) => `$${n + 1}`).join(', ')})`;
  return {
    reset: () =>
      database.write(async (tx) => {
        for (const row of rows) {
          await tx.run('DELETE FROM users WHERE id = $1', [row.id]);
          await tx.run(
            insert,
            columns.map((column) => row[column]),
          );
        }
      }),
    close: () => database.close(),
  };
}
