import Database from 'better-sqlite3';
import { hashToken } from '../../../../electron/secrets/tokenSecrets';

export interface AdminRestore {
  /** Puts the administrators' rows back exactly as they were when this was opened, and gives each a session. */
  reset: () => void;
  /** The bearer token of the session `reset` gives the administrator `id` (made up here, not signed in). */
  tokenOf: (id: number) => string;
  close: () => void;
}

/**
 * Between the rounds of a race on the last administrators: a second, writing connection to the
 * instance file (WAL, as every connection to it) brings back, in one transaction, the
 * administrators' rows as they were when this was opened, each with one login session, whatever
 * the round did to them (disabled, deleted, demoted, a new password). Far quicker than the API,
 * whose sign-ins and creations each cost an argon2 hash.
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
    const now = new Date();
    const later = new Date(now.getTime() + 60 * 60 * 1000).toISOString();
    for (const row of rows) {
      const id = row.id as number;
      remove.run(id);
      insert.run(row);
      addSession.run(id, hashToken(tokenOf(id)), hashToken(`race-admin-${id}-refresh`), now.toISOString(), later, later);
    }
  });

  return { reset: () => reset.immediate(), tokenOf, close: () => db.close() };
}
