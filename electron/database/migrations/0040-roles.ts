import type { Database } from 'better-sqlite3';

/**
 * One role per user instead of the administrator flag: administrators stay Administrators and
 * everyone else becomes a User. The first user of an instance still becomes Administrator, and
 * a change of role moves the user's version, as the flag did. The flag's column goes, so that
 * nothing can read an answer the role no longer gives. A change of role ends the user's sign-in
 * sessions, in the same transaction, whoever writes it: what they were signed in for has changed
 * (an API user, for one, may hold no session begun with a password).
 */
export function migrate0040Roles(db: Database): void {
  db.exec(`
    ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'user'
      CHECK (role IN ('administrator', 'userManager', 'auditor', 'user', 'apiUser'));
    UPDATE users SET role = 'administrator' WHERE is_admin = 1;

    DROP TRIGGER users_first_admin;
    DROP TRIGGER users_version_update;
    DROP INDEX users_admins;
    ALTER TABLE users DROP COLUMN is_admin;

    CREATE INDEX users_admins ON users (enabled) WHERE role = 'administrator';
    CREATE TRIGGER users_first_admin AFTER INSERT ON users
      WHEN NOT EXISTS (SELECT 1 FROM users WHERE id <> new.id)
    BEGIN
      UPDATE users SET role = 'administrator' WHERE id = new.id;
    END;
    CREATE TRIGGER users_role_sessions AFTER UPDATE OF role ON users
      WHEN new.role <> old.role
    BEGIN
      DELETE FROM sessions WHERE user_id = new.id;
    END;
    CREATE TRIGGER users_version_update
      AFTER UPDATE OF display_name, email, password_hash, enabled, role ON users
    BEGIN
      UPDATE instance_clock SET version = version + 1;
      UPDATE users SET version = (SELECT version FROM instance_clock) WHERE id = new.id;
    END;
  `);
}
