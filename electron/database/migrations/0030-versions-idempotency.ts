import type { Database } from 'better-sqlite3';

/**
 * Versions for optimistic concurrency, and the answers to idempotent creates.
 *
 * - `version` of users and groups: every write to one takes the next value of the instance's
 *   clock, so a version is never reused, not even by a row that takes a deleted row's id. The
 *   triggers bump it for every writer (the app, the server, the admin command) in the same
 *   transaction as the write. A sign-in attempt's failure count is not a write to the user.
 * - `idempotency_keys`: the first answer to a create sent with an Idempotency-Key, sealed with a
 *   key derived from that Idempotency-Key (which only the caller knows), so that a token pair in
 *   an answer is never readable from the file. Kept 24 hours.
 */
export function migrate0030VersionsIdempotency(db: Database): void {
  const bump = (table: string, id: string) => `
      UPDATE instance_clock SET version = version + 1;
      UPDATE ${table} SET version = (SELECT version FROM instance_clock) WHERE id = ${id};`;
  db.exec(`
    CREATE TABLE instance_clock (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      version INTEGER NOT NULL
    ) STRICT;
    INSERT INTO instance_clock (id, version) VALUES (1, 1);

    ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE groups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

    CREATE TRIGGER users_version_insert AFTER INSERT ON users BEGIN ${bump('users', 'new.id')} END;
    CREATE TRIGGER users_version_update
      AFTER UPDATE OF display_name, email, password_hash, enabled, is_admin ON users
    BEGIN ${bump('users', 'new.id')} END;
    CREATE TRIGGER groups_version_insert AFTER INSERT ON groups BEGIN ${bump('groups', 'new.id')} END;
    CREATE TRIGGER groups_version_update AFTER UPDATE OF name ON groups BEGIN ${bump('groups', 'new.id')} END;

    -- A membership is part of both sides: the user's groups and the group's member count.
    CREATE TRIGGER memberships_version_insert AFTER INSERT ON memberships BEGIN
      ${bump('users', 'new.user_id')}
      UPDATE groups SET version = (SELECT version FROM instance_clock) WHERE id = new.group_id;
    END;
    CREATE TRIGGER memberships_version_delete AFTER DELETE ON memberships BEGIN
      ${bump('users', 'old.user_id')}
      UPDATE groups SET version = (SELECT version FROM instance_clock) WHERE id = old.group_id;
    END;

    -- A user's detail shows their token's times.
    CREATE TRIGGER tokens_version_insert AFTER INSERT ON tokens BEGIN ${bump('users', 'new.user_id')} END;
    CREATE TRIGGER tokens_version_update AFTER UPDATE ON tokens BEGIN ${bump('users', 'new.user_id')} END;
    CREATE TRIGGER tokens_version_delete AFTER DELETE ON tokens BEGIN ${bump('users', 'old.user_id')} END;

    CREATE TABLE idempotency_keys (
      -- SHA-256 of who sent it and the key: the key itself is never stored
      key_hash TEXT PRIMARY KEY,
      operation TEXT NOT NULL,
      -- HMAC of the request under the key: the same key with another request is refused
      fingerprint TEXT NOT NULL,
      sealed_answer BLOB NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
  `);
}
