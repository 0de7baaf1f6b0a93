import type { Database } from 'better-sqlite3';

/**
 * Refresh tokens that were used, so that one presented again is recognised (OAuth 2.0 Security
 * BCP's reuse detection): each belongs to the family it was rotated out of — a sign-in session, or
 * a user's generated pair — and goes with it. Only SHA-256 hashes, as everywhere else.
 */
export function migrate0060RefreshFamilies(db: Database): void {
  db.exec(`
    CREATE TABLE used_refresh_tokens (
      refresh_hash TEXT PRIMARY KEY,
      session_id INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
      pair_user_id INTEGER REFERENCES tokens (user_id) ON DELETE CASCADE,
      used_at TEXT NOT NULL,
      CHECK ((session_id IS NULL) <> (pair_user_id IS NULL))
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX used_refresh_tokens_by_session ON used_refresh_tokens (session_id) WHERE session_id IS NOT NULL;
    CREATE INDEX used_refresh_tokens_by_pair ON used_refresh_tokens (pair_user_id) WHERE pair_user_id IS NOT NULL;
  `);
}
