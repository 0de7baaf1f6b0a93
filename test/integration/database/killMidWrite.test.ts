import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openInstanceDatabase } from '../../../electron/database/openDatabase';
import { insertGroup } from '../../../electron/services/directory/local/groupsTable';
import { addMemberships } from '../../../electron/services/directory/local/membershipsTable';
import { replaceTokenHashes } from '../../../electron/services/directory/local/tokensTable';
import { insertUser } from '../../../electron/services/directory/local/usersTable';
import { seedDirectory } from '../../bench/seedDirectory';
import {
  NATIVE_DIR,
  newUser,
  openDirectory,
  rowCounts,
  type RowCounts,
} from '../directory/support/instanceDb';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * A write is one SQLite transaction in WAL mode, so a process killed in the
 * middle of one leaves the file as it was before or after it, never between.
 * A child process runs one large transaction and is killed with SIGKILL while
 * it holds the write lock; the parent then checks the file.
 */

const { tempDir, onCleanup } = useTempDirs();

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const childScript = path.join(here, 'support/writeInChild.ts');
/** How long to let the child write after it took the lock; its transaction runs for seconds. */
const INTO_THE_TRANSACTION_MS = 60;

interface Outcome {
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Size of the -wal file when the child was killed. */
  walBytes: number;
}

const walSize = (file: string) => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

/**
 * Starts the child, waits for "START", then until the child holds the write
 * lock (our own BEGIN IMMEDIATE is refused), lets it write a little longer
 * (with `walFrames`, until its uncommitted pages reach the -wal file), and
 * kills it.
 */
async function killDuringTransaction(
  file: string,
  task: 'delete' | 'seed',
  { walFrames = false } = {},
): Promise<Outcome> {
  // `node --import tsx`, not node_modules/.bin/tsx: the tsx command runs the script in a second
  // node process of its own, which a SIGKILL of the first would leave running to its commit.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, file, task, walFrames ? 'small-cache' : 'default-cache'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );

  const probe = new Database(file);
  probe.pragma('busy_timeout = 0');
  try {
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('START')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`child never started: ${stderr}`);
      await sleep(5);
    }
    for (;;) {
      if (Date.now() > deadline || child.exitCode !== null || stdout.includes('DONE'))
        throw new Error(
          `the child's transaction was never seen running (stdout: ${stdout}, stderr: ${stderr})`,
        );
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_BUSY') break;
        throw error;
      }
      await sleep(2);
    }
    await sleep(INTO_THE_TRANSACTION_MS);
    const walBefore = walSize(file);
    while (walFrames && walSize(file) <= walBefore + 64 * 1024) {
      if (Date.now() > deadline || stdout.includes('DONE')) throw new Error('the -wal file never grew');
      await sleep(1);
    }
    const walBytes = walSize(file);
    child.kill('SIGKILL');
    return { signal: await exited, stdout, stderr, walBytes };
  } finally {
    probe.close();
    // Never leave a writer behind when the wait above failed.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** What must hold of the file after the kill, whichever side of the commit it was. */
function checkFile(file: string, before: RowCounts, after: RowCounts) {
  const db = openInstanceDatabase(file, { mode: 'open', nativeDir: NATIVE_DIR });
  onCleanup(() => db.close());
  expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  const orphans = db
    .prepare(
      `SELECT count(*) FROM memberships m
       WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id)
          OR NOT EXISTS (SELECT 1 FROM groups g WHERE g.id = m.group_id)`,
    )
    .pluck()
    .get();
  expect(orphans).toBe(0);
  // The trigram index agrees with the table it indexes.
  db.prepare("INSERT INTO users_fts (users_fts, rank) VALUES ('integrity-check', 1)").run();

  // All or nothing across every table: the users, their memberships and the audit rows together.
  const counts = rowCounts(db);
  expect([before, after]).toContainEqual(counts);
  return { db, counts };
}

describe('a process killed in the middle of a large write', () => {
  it('deleting 20,000 users with memberships and tokens leaves all of them or none', async () => {
    const file = path.join(tempDir(), 'instance.sqlite');
    const db = openInstanceDatabase(file, { mode: 'create', nativeDir: NATIVE_DIR });
    seedDirectory(db, { users: 20_000, groups: 40, groupsPerUser: 3, passwordHash: '$argon2id$seeded' });
    const ids = db.prepare('SELECT id FROM users ORDER BY id LIMIT 200').pluck().all() as number[];
    db.transaction(() => {
      for (const id of ids)
        replaceTokenHashes(db, id, {
          accessHash: `access-${id}`,
          refreshHash: `refresh-${id}`,
          createdAt: 't',
          accessExpiresAt: 't',
          refreshExpiresAt: 't',
        });
    })();
    const before = rowCounts(db);
    db.close();
    expect(before).toMatchObject({ users: 20_000, memberships: 60_000, tokens: 200 });
    const after: RowCounts = {
      ...before,
      users: 0,
      memberships: 0,
      tokens: 0,
      audit_log: before.audit_log + 20_000,
    };

    const outcome = await killDuringTransaction(file, 'delete');
    expect(outcome.signal).toBe('SIGKILL');
    expect(outcome.stdout).not.toContain('DONE');
    const { counts } = checkFile(file, before, after);
    // Killed while it held the write lock, long before its commit: nothing of it is left.
    expect(counts).toEqual(before);

    // And the directory carries on over the recovered file.
    const reopened = openDirectory(file, { mode: 'open' });
    onCleanup(() => reopened.directory.close());
    expect(await reopened.directory.deleteUsers(ids.slice(0, 3))).toBe(3);
    expect((await reopened.directory.searchUsers({ query: '', offset: 0, limit: 1 })).total).toBe(19_997);
  }, 90_000);

  it('adding 20,000 users with memberships leaves all of them or none, uncommitted -wal frames included', async () => {
    const file = path.join(tempDir(), 'instance.sqlite');
    const db = openInstanceDatabase(file, { mode: 'create', nativeDir: NATIVE_DIR });
    const now = new Date().toISOString();
    db.transaction(() => {
      const group = insertGroup(db, 'Keepers', now);
      const kept = ['keeper1', 'keeper2', 'keeper3'].map((name) =>
        insertUser(db, { ...newUser(name), passwordHash: '$argon2id$kept', now }),
      );
      addMemberships(db, group, kept);
    })();
    const before = rowCounts(db);
    db.close();
    const after: RowCounts = {
      ...before,
      users: before.users + 20_000,
      groups: before.groups + 40,
      memberships: before.memberships + 60_000,
    };

    const outcome = await killDuringTransaction(file, 'seed', { walFrames: true });
    expect(outcome.signal).toBe('SIGKILL');
    // Uncommitted pages were in the -wal file: recovery must leave them out.
    expect(outcome.walBytes).toBeGreaterThan(64 * 1024);
    expect(outcome.stdout).not.toContain('DONE');
    const { db: recovered, counts } = checkFile(file, before, after);
    expect(counts).toEqual(before);
    expect(recovered.prepare('SELECT username FROM users ORDER BY username_key').pluck().all()).toEqual([
      'keeper1',
      'keeper2',
      'keeper3',
    ]);
  }, 90_000);
});
