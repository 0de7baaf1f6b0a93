import type { Database } from 'better-sqlite3';

/**
 * Named API keys: several per user, each with a scope and an optional expiry, found by the SHA-256
 * of the value presented (the value itself is never stored). Names are unique per user regardless
 * of case (`name_key`, as usernames and group names). Last use is noted for the key list.
 */
export function migrate0070ApiKeys(db: Database): void {
  db.exec(`
    CREATE TABLE api_keys (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      name_key TEXT NOT NULL,
      scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
      key_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      expires_at TEXT,
      last_used_at TEXT,
      last_used_address TEXT,
      UNIQUE (user_id, name_key)
    ) STRICT;
  `);
}
