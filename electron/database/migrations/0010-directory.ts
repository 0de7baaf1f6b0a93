import type { Database } from 'better-sqlite3';

/** Users, groups, memberships, token hashes and the audit log of one instance. */
export function migrate0010Directory(db: Database): void {
  db.exec(`
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      username TEXT NOT NULL,
      -- lower-case username: uniqueness regardless of case, and the list's sort order
      username_key TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      email TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
      -- what the filter matches: lower-case username, email and display name
      search_text TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE VIRTUAL TABLE users_fts USING fts5(
      search_text, content = 'users', content_rowid = 'id', tokenize = 'trigram'
    );
    CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
      INSERT INTO users_fts (rowid, search_text) VALUES (new.id, new.search_text);
    END;
    CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
      INSERT INTO users_fts (users_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END;
    CREATE TRIGGER users_fts_update AFTER UPDATE OF search_text ON users BEGIN
      INSERT INTO users_fts (users_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
      INSERT INTO users_fts (rowid, search_text) VALUES (new.id, new.search_text);
    END;

    CREATE TABLE groups (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      name_key TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE memberships (
      group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
      user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      PRIMARY KEY (group_id, user_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX memberships_by_user ON memberships (user_id, group_id);

    -- Only hashes: the plain tokens live in the OS keychain.
    CREATE TABLE tokens (
      user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      access_hash TEXT NOT NULL UNIQUE,
      refresh_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      access_expires_at TEXT NOT NULL,
      refresh_expires_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target_type TEXT NOT NULL,
      target_id INTEGER,
      before TEXT,
      after TEXT
    ) STRICT;
    CREATE INDEX audit_log_by_target ON audit_log (target_type, target_id);
  `);
}
