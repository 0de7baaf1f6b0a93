import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { hashToken } from '../../../../electron/secrets/tokenSecrets';

/** Races on the last administrators: putting them back between rounds, and holding the write lock. */

export interface AdminRestore {
  /** Puts the administrators' rows back exactly as they were when this was opened, each with a session. */
  reset: () => void;
  /** The bearer token of the session `reset` gives the administrator `id` (made up here, never signed in). */
  tokenOf: (id: number) => string;
  close: () => void;
}

/**
 * A second, writing connection to the instance file (WAL, as every connection to it) that brings
 * back, in one transaction, the administrators' rows as they were when this was opened, whatever
 * a round did to them (disabled, deleted, demoted, a new password), and gives each one login
 * session. Far quicker than the API, whose sign-ins and creations each cost an argon2 hash.
 *
 * A row is deleted and inserted again: its sessions (and any memberships or token) go with the
 * delete, and the insert takes a new version, as any write does. A session row holds only the
 * SHA-256 of its tokens (authSessionsTable.ts), so a made-up token works once its hash is there.
 */
export function openAdminRestore(file: string, adminIds: readonly number[]): AdminRestore {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');

  const rows = adminIds.map((id) => {
    const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    if (!row) throw new Error(`There is no user ${id} to restore.`);
    return row;
  });
  const columns = Object.keys(rows[0] ?? {});
  const remove = db.prepare('DELETE FROM users WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO users (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`,
  );
  const addSession = db.prepare(
    `INSERT INTO sessions (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const tokenOf = (id: number) => `race-admin-${id}-access`;

  const reset = db.transaction(() => {
    const now = new Date().toISOString();
    const later = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    for (const row of rows) {
      const id = row.id as number;
      remove.run(id);
      insert.run(row);
      addSession.run(id, hashToken(tokenOf(id)), hashToken(`race-admin-${id}-refresh`), now, later, later);
    }
  });

  return { reset: () => reset.immediate(), tokenOf, close: () => db.close() };
}

/** In its own thread, so that the writers it holds back may block theirs without blocking it. */
const HOLDER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.exec('BEGIN IMMEDIATE');
parentPort.postMessage('held');
setTimeout(() => {
  db.exec('COMMIT');
  db.close();
  parentPort.postMessage('released');
}, workerData.ms);
`;

/**
 * Takes the file's write lock (BEGIN IMMEDIATE, writing nothing) from a worker thread and lets it
 * go after `ms`. Writers started meanwhile in other processes all wait for it, then take it one
 * after the other: a gate that makes their transactions meet. Resolves once the lock is held;
 * `released` resolves once it is let go.
 */
export async function holdWriteLock(file: string, ms: number): Promise<{ released: Promise<void> }> {
  const worker = new Worker(HOLDER, {
    eval: true,
    workerData: { file, ms, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  const next = () =>
    new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
  await next();
  return { released: next() };
}
