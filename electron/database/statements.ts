import type { Database, Statement } from 'better-sqlite3';

const caches = new WeakMap<Database, Map<string, Statement>>();

/**
 * The statement for `sql` on this connection, compiled once. Compiling costs tens of microseconds,
 * which a bulk job of 50,000 users, each needing a handful of statements, would pay seconds for;
 * table helpers that take the connection as an argument use this instead of `db.prepare`.
 */
export function statement<P extends unknown[] | object = unknown[], R = unknown>(
  db: Database,
  sql: string,
): Statement<P extends unknown[] ? P : [P], R> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let found = cache.get(sql);
  if (!found) {
    found = db.prepare(sql);
    cache.set(sql, found);
  }
  return found as Statement<P extends unknown[] ? P : [P], R>;
}
