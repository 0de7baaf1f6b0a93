import type { Database } from 'better-sqlite3';

/**
 * Failed sign-ins per client address, counted in the instance itself rather than in a server
 * process's memory: every process serving the instance sees one count, and a restart resets none.
 */
export function migrate0110SignInAddresses(db: Database): void {
  db.exec(`
    CREATE TABLE sign_in_addresses (
      -- an IPv4 address or an IPv6 /64 (addressKey)
      address_key TEXT PRIMARY KEY,
      -- when the address's current window began, in milliseconds since the epoch
      window_start INTEGER NOT NULL,
      failures INTEGER NOT NULL CHECK (failures >= 0)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX sign_in_addresses_by_start ON sign_in_addresses (window_start);
  `);
}
