import type { Database } from 'better-sqlite3';

/**
 * What the instance server needs to let people sign in: an administrator flag,
 * the lockout state of each account, and login sessions (token hashes only).
 *
 * - `is_admin`: only administrators may manage users and groups over the REST
 *   API. The first user created becomes one (a trigger, so it happens in the
 *   transaction that inserts the user, whoever inserts it); on an instance that
 *   already has users, the earliest created (lowest id) becomes one here.
 * - `failed_logins`, `locked_until`: failed password checks since the last
 *   success, and the end of the current lock (ISO 8601 UTC, or NULL).
 * - `sessions`: one row per login, so that signing in never replaces the token
 *   pair an administrator generated for the user (that stays in `tokens`).
 */
export function migrate0020ServerAuth(db: Database): void {
  db.exec(`
    ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1));
    ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0);
    ALTER TABLE users ADD COLUMN locked_until TEXT;

    UPDATE users SET is_admin = 1 WHERE id = (SELECT min(id) FROM users);
    -- "Would this leave no administrator?" reads the few administrators, not every user.
    CREATE INDEX users_admins ON users (enabled) WHERE is_admin = 1;

    -- Looks at one or two rows of the table however large it is: the first row that is not the new one.
    CREATE TRIGGER users_first_admin AFTER INSERT ON users
      WHEN NOT EXISTS (SELECT 1 FROM users WHERE id <> new.id)
    BEGIN
      UPDATE users SET is_admin = 1 WHERE id = new.id;
    END;

    CREATE TABLE sessions (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      access_hash TEXT NOT NULL UNIQUE,
      refresh_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      access_expires_at TEXT NOT NULL,
      refresh_expires_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sessions_by_user ON sessions (user_id);

    -- A disabled user's sessions end in the same transaction that disables it.
    CREATE TRIGGER users_disabled_sessions AFTER UPDATE OF enabled ON users
      WHEN new.enabled = 0
    BEGIN
      DELETE FROM sessions WHERE user_id = new.id;
    END;
  `);
}
