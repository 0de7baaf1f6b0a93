import type { Database } from 'better-sqlite3';

/**
 * The expressions the users list sorts and filters by, over `users` (or its alias: `prefix` is
 * "u." or ""). A query uses an expression index only when it names the same expression, so the
 * listing's queries take them from here, where they can never change: a new expression is a new
 * migration.
 *
 * - `emailKey`, `displayNameKey`: the lower-case email and display name, for an order that ignores
 *   case. They are cut out of `search_text` (username, email and display name, one line each,
 *   lower-cased by JavaScript; no field may hold a line break) rather than computed with SQLite's
 *   lower(), which folds ASCII only: so "Émile" and "émile" sort together, exactly as the filter
 *   matches them.
 * - `statusRank`: the list's status order, 0 enabled, 1 disabled, 2 invited, 3 invited and
 *   disabled (an invited user has no password yet). Bit 0 is "disabled", bit 1 "invited".
 * - `roleRank`: roles from the most to the least power, as the role menus list them
 *   (Administrator, User manager, Auditor, User, API user), not in the alphabetical order of
 *   their stored names, which nobody sees.
 *
 * Expressions rather than generated columns: a column would change what `SELECT *` answers.
 */
export function listKeys(prefix: string) {
  const text = `${prefix}search_text`;
  const firstBreak = `instr(${text}, char(10))`;
  const secondBreak = `instr(substr(${text}, ${firstBreak} + 1), char(10))`;
  return {
    emailKey: `substr(${text}, ${firstBreak} + 1, ${secondBreak} - 1)`,
    displayNameKey: `substr(${text}, ${firstBreak} + ${secondBreak} + 1)`,
    statusRank: `((${prefix}password_hash = '') * 2 + (${prefix}enabled = 0))`,
    roleRank: `(CASE ${prefix}role WHEN 'administrator' THEN 0 WHEN 'userManager' THEN 1 WHEN 'auditor' THEN 2 WHEN 'user' THEN 3 ELSE 4 END)`,
  };
}

/**
 * What the users list sorts and filters by, besides the username.
 *
 * - An index per sort column, each ending in `username_key`, which breaks ties: the first page of
 *   any order, and an offset skipped inside the index, read no table rows and sort nothing. Last
 *   sign-in keeps SQLite's order of NULLs ("never" before any date), so one index serves both
 *   directions.
 * - A partial index of the accounts that have been locked: those locked now are few, and read
 *   through it. (The other filters are tested in the list's in-memory copy, userListing.ts.)
 * - `version`: the users written since a version, so that the list's in-memory copy is brought up
 *   to date by reading those few rows instead of every user.
 * - Members of a group are the memberships primary key; users in no group, memberships_by_user.
 */
export function migrate0080ListIndexes(db: Database): void {
  const keys = listKeys('');
  db.exec(`
    CREATE INDEX users_by_display_name ON users (${keys.displayNameKey}, username_key);
    CREATE INDEX users_by_email ON users (${keys.emailKey}, username_key);
    CREATE INDEX users_by_role ON users (${keys.roleRank}, username_key);
    CREATE INDEX users_by_status ON users (${keys.statusRank}, username_key);
    CREATE INDEX users_by_created ON users (created_at, username_key);
    CREATE INDEX users_by_last_sign_in ON users (last_sign_in_at, username_key);
    CREATE INDEX users_locked ON users (locked_until) WHERE locked_until IS NOT NULL;
    CREATE INDEX users_by_version ON users (version);
  `);
}
