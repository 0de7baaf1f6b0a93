import type { Database } from 'better-sqlite3';
import {
  auditEntryHash,
  GENESIS_HASH,
  type StoredAuditContent,
} from '../../services/directory/local/auditChain';
import { auditSearchText } from '../../services/directory/local/auditSearchText';

/**
 * The audit log becomes readable and tamper-evident:
 * - who acted as an account id too, from where (the client's address), the target's name at the
 *   time (readable once the target is gone), and a detail in words;
 * - each entry's hash chains it to the one before; the entries there already are chained here, in
 *   id order, so a file migrated today verifies;
 * - `audit_chain` holds the hash of the last entry retention removed, for the first kept entry to
 *   chain to;
 * - the log's filters read a page through an index each, newest first: the actor's, the action's,
 *   the target's and the time's entries (each index ends in the id), and a text through an FTS5
 *   trigram index over `search_text` (auditSearchText.ts). `detail=none` keeps that index small:
 *   it answers which entries hold every trigram of the text, and the text itself is then looked
 *   for in those;
 * - `audit_related` names the users and groups an entry concerns besides its own target (the
 *   members a group gained or lost, the groups a user joined or left), so that a user's or a
 *   group's entries include what was done from the other side. Entries written before this version
 *   relate nothing: they are found by their own target only. `audit_related_by_entry` is what
 *   retention removes an entry's rows by.
 */
export function migrate0100AuditChain(db: Database): void {
  db.exec(`
    ALTER TABLE audit_log ADD COLUMN actor_id INTEGER;
    ALTER TABLE audit_log ADD COLUMN source TEXT;
    ALTER TABLE audit_log ADD COLUMN target_name TEXT;
    ALTER TABLE audit_log ADD COLUMN detail TEXT;
    ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE audit_log ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

    UPDATE audit_log SET target_name = CASE target_type
      WHEN 'user' THEN coalesce(
        (SELECT username FROM users WHERE users.id = audit_log.target_id),
        json_extract(before, '$.username'),
        json_extract(after, '$.username'))
      WHEN 'group' THEN coalesce(
        (SELECT name FROM groups WHERE groups.id = audit_log.target_id),
        json_extract(before, '$.name'),
        json_extract(after, '$.name'))
    END;

    CREATE TABLE audit_chain (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      -- the newest entry retention removed, and its hash
      pruned_through INTEGER NOT NULL,
      pruned_hash TEXT NOT NULL
    ) STRICT;

    CREATE TABLE audit_related (
      target_type TEXT NOT NULL,
      target_id INTEGER NOT NULL,
      entry_id INTEGER NOT NULL,
      PRIMARY KEY (target_type, target_id, entry_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX audit_related_by_entry ON audit_related (entry_id);
  `);
  const rows = db
    .prepare<[], StoredAuditContent>(
      `SELECT id, at, actor, actor_id, source, action, target_type, target_id, target_name,
              before, after, detail
       FROM audit_log ORDER BY id`,
    )
    .all();
  const fill = db.prepare<[string, string, number]>(
    'UPDATE audit_log SET hash = ?, search_text = ? WHERE id = ?',
  );
  let previous = GENESIS_HASH;
  for (const row of rows) {
    previous = auditEntryHash(previous, row);
    fill.run(previous, auditSearchText(row), row.id);
  }
  db.exec(`
    CREATE INDEX audit_log_by_actor ON audit_log (actor);
    CREATE INDEX audit_log_by_action ON audit_log (action);
    CREATE INDEX audit_log_by_at ON audit_log (at);

    CREATE VIRTUAL TABLE audit_fts USING fts5(
      search_text, content = 'audit_log', content_rowid = 'id', tokenize = 'trigram', detail = 'none'
    );
    INSERT INTO audit_fts (audit_fts) VALUES ('rebuild');
    CREATE TRIGGER audit_fts_insert AFTER INSERT ON audit_log BEGIN
      INSERT INTO audit_fts (rowid, search_text) VALUES (new.id, new.search_text);
    END;
    CREATE TRIGGER audit_fts_delete AFTER DELETE ON audit_log BEGIN
      INSERT INTO audit_fts (audit_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END;
    CREATE TRIGGER audit_fts_update AFTER UPDATE OF search_text ON audit_log BEGIN
      INSERT INTO audit_fts (audit_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
      INSERT INTO audit_fts (rowid, search_text) VALUES (new.id, new.search_text);
    END;
  `);
}
