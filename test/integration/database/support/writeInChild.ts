/**
 * Run by killMidWrite.test.ts in a child process (`node --import tsx`): opens an
 * instance file as the app does and runs one large write transaction, which
 * the test kills with SIGKILL part-way through.
 *
 *   node --import tsx writeInChild.ts <file> delete   deletes every user with deleteUsers (one transaction)
 *   node --import tsx writeInChild.ts <file> seed     adds 20,000 users, 40 groups and their memberships (one
 *                                       transaction; the file must not hold seedDirectory's names yet)
 *
 * A third argument, "small-cache", shrinks the page cache so that the transaction's
 * pages spill into the -wal file long before its commit (uncommitted frames that
 * recovery must ignore).
 *
 * Prints "START <n>" just before the transaction begins and "DONE <n>" after
 * it committed. stdout is a pipe, which Node writes synchronously on Linux,
 * so "START" is out before the first row is touched.
 */
import { seedDirectory } from '../../../bench/seedDirectory';
import { openDirectory } from '../../directory/support/instanceDb';

const [file, task, option] = process.argv.slice(2);
if (!file || (task !== 'delete' && task !== 'seed')) {
  process.stderr.write('usage: writeInChild.ts <file> delete|seed\n');
  process.exit(2);
}

const { directory, db } = openDirectory(file, { mode: 'open', actor: 'child-process' });
if (option === 'small-cache') db.pragma('cache_size = 50');
if (task === 'delete') {
  const ids = db.prepare('SELECT id FROM users').pluck().all() as number[];
  process.stdout.write(`START ${ids.length}\n`);
  const deleted = await directory.deleteUsers(ids);
  process.stdout.write(`DONE ${deleted}\n`);
} else {
  const users = 20_000;
  process.stdout.write(`START ${users}\n`);
  seedDirectory(db, { users, groups: 40, groupsPerUser: 3, passwordHash: '$argon2id$seeded-in-child' });
  process.stdout.write(`DONE ${users}\n`);
}
directory.close();
