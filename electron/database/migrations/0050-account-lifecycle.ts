import type { Database } from 'better-sqlite3';

/**
 * What an account goes through besides its fields: invitations, password resets, sessions seen by
 * administrators, and the instance's password policy.
 *
 * - An Invited user is one with no password yet (`password_hash` empty): nothing can sign in to it.
 *   `invitations` holds the hash of its one-time link's token, one per user, so a new link ends the
 *   old one; setting a password, by whoever sets it, ends the invitation in the same transaction.
 * - `must_change_password`: set by a reset; until the user sets a new password the server allows
 *   nothing else. `may_reset_own_password`: whether the user may change their own password.
 * - `last_sign_in_at`: not a change to the user, so it moves no version.
 * - Sessions keep when they started (a refresh no longer moves `created_at`), when and from where
 *   they were last used.
 * - `instance_settings`: named JSON values (the password policy); an absent one is its default.
 */
export function migrate0050AccountLifecycle(db: Database): void {
  db.exec(`
    ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
      CHECK (must_change_password IN (0, 1));
    ALTER TABLE users ADD COLUMN may_reset_own_password INTEGER NOT NULL DEFAULT 1
      CHECK (may_reset_own_password IN (0, 1));
    ALTER TABLE users ADD COLUMN last_sign_in_at TEXT;
    CREATE INDEX users_invited ON users (username_key) WHERE password_hash = '';

    DROP TRIGGER users_version_update;
    CREATE TRIGGER users_version_update
      AFTER UPDATE OF display_name, email, password_hash, enabled, role, must_change_password,
        may_reset_own_password ON users
    BEGIN
      UPDATE instance_clock SET version = version + 1;
      UPDATE users SET version = (SELECT version FROM instance_clock) WHERE id = new.id;
    END;

    CREATE TABLE invitations (
      user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      token_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER users_password_set_ends_invitation AFTER UPDATE OF password_hash ON users
      WHEN new.password_hash <> ''
    BEGIN
      DELETE FROM invitations WHERE user_id = new.id;
    END;

    ALTER TABLE sessions ADD COLUMN last_used_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE sessions ADD COLUMN client_address TEXT NOT NULL DEFAULT '';
    UPDATE sessions SET last_used_at = created_at;

    CREATE TABLE instance_settings (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `);
}
