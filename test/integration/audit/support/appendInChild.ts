/**
 * Run by auditStore's race test in a child process (`node --import tsx`): opens an instance file
 * as the app does and appends entries as `actor`, each in its own write transaction, as the
 * directory writes them.
 *
 *   node --import tsx appendInChild.ts <file> <actor> <count>
 *
 * Prints "READY" once the file is open, waits for a line on stdin (so that both children start
 * writing together), then "DONE <count>".
 */
import { openInstanceDatabase } from '../../../../electron/database/openDatabase';
import { recordAudit } from '../../../../electron/services/directory/local/auditLog';
import { NATIVE_DIR } from '../../directory/support/instanceDb';

const [file, actor, count] = process.argv.slice(2);
if (!file || !actor || !count) {
  process.stderr.write('usage: appendInChild.ts <file> <actor> <count>\n');
  process.exit(2);
}
const db = openInstanceDatabase(file, { mode: 'open', nativeDir: NATIVE_DIR });
process.stdout.write('READY\n');
process.stdin.once('data', () => {
  for (let n = 0; n < Number(count); n++)
    db.transaction(() =>
      recordAudit(db, new Date().toISOString(), {
        actor,
        action: 'user.update',
        targetType: 'user',
        targetId: 1 + (n % 7),
        after: { displayName: `${actor} ${n}` },
      }),
    ).immediate();
  db.close();
  process.stdout.write(`DONE ${count}\n`);
  process.exit(0);
});
