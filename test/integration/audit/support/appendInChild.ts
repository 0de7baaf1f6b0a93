/**
 * Run by auditRace's test in a child process (`node --import tsx`): opens an instance as the app
 * does, on either storage, and appends entries as `actor`, each in its own write transaction, as
 * the directory writes them.
 *
 *   node --import tsx appendInChild.ts <sqlite|postgres> <file or URL> <actor> <count>
 *
 * Prints "READY" once the instance is open, waits for a line on stdin (so that both children start
 * writing together), then "DONE <count>".
 */
import { openInstanceDatabase } from '../../../../electron/database/openDatabase';
import { writeOnPostgres } from '../../../../electron/database/portable/postgresRunner';
import { writeOnSqlite } from '../../../../electron/database/portable/sqliteRunner';
import type { Work } from '../../../../electron/database/portable/steps';
import { openPostgresDatabase } from '../../../../electron/database/postgres/postgresDatabase';
import { recordAuditEntry } from '../../../../electron/services/directory/portable/auditLog';
import { NATIVE_DIR } from '../../directory/support/instanceDb';

const [kind, location, actor, count] = process.argv.slice(2);
if ((kind !== 'sqlite' && kind !== 'postgres') || !location || !actor || !count) {
  process.stderr.write('usage: appendInChild.ts <sqlite|postgres> <file or URL> <actor> <count>\n');
  process.exit(2);
}

async function opened(): Promise<{ write: (work: () => Work<void>) => unknown; close: () => unknown }> {
  if (kind === 'sqlite') {
    const db = openInstanceDatabase(location as string, { mode: 'open', nativeDir: NATIVE_DIR });
    return { write: (work) => writeOnSqlite(db, work), close: () => db.close() };
  }
  const database = await openPostgresDatabase(location as string);
  return { write: (work) => writeOnPostgres(database, work), close: () => database.close() };
}

const storage = await opened();
process.stdout.write('READY\n');
process.stdin.once('data', () => {
  void (async () => {
    for (let n = 0; n < Number(count); n++)
      await storage.write(() =>
        recordAuditEntry(new Date().toISOString(), {
          actor,
          action: 'user.update',
          targetType: 'user',
          targetId: 1 + (n % 7),
          after: { displayName: `${actor} ${n}` },
        }),
      );
    await storage.close();
    process.stdout.write(`DONE ${count}\n`);
    process.exit(0);
  })();
});
