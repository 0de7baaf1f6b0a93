import type { Database } from 'better-sqlite3';

/**
 * A description per group, empty for the groups that exist. The version trigger is made again so
 * that a change of description is a write to the group like a rename: it takes a new version, and a
 * writer holding the old one gets STALE instead of overwriting it.
 */
export function migrate0090GroupDescriptions(db: Database): void {
  db.exec(`
    ALTER TABLE groups ADD COLUMN description TEXT NOT NULL DEFAULT '';

    DROP TRIGGER groups_version_update;
    CREATE TRIGGER groups_version_update AFTER UPDATE OF name, description ON groups BEGIN
      UPDATE instance_clock SET version = version + 1;
      UPDATE groups SET version = (SELECT version FROM instance_clock) WHERE id = new.id;
    END;
  `);
}
