import type { Database } from 'better-sqlite3';

/**
 * Bulk and import jobs in the instance rather than in the memory of the process that runs one: a
 * status or a cancel may reach any server process on the file, and a process that died leaves a
 * job that reads as failed. PostgreSQL's migration 0130 makes the same tables.
 */
export function migrate0130Jobs(db: Database): void {
  db.exec(`
    CREATE TABLE jobs (
      -- SHA-256 of the job's id: the id is the key its secrets are sealed under, and never stored
      id_hash TEXT PRIMARY KEY,
      owner TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('bulk', 'import')),
      state TEXT NOT NULL CHECK (state IN ('running', 'cancelling', 'cancelled', 'done', 'failed')),
      total INTEGER NOT NULL CHECK (total >= 0),
      processed INTEGER NOT NULL CHECK (processed >= 0),
      -- the kind's own status fields (action or options, counts, refusals) as JSON, secrets aside
      fields TEXT NOT NULL,
      error TEXT,
      cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
      started_at TEXT NOT NULL,
      finished_at TEXT,
      -- the running process's last sign of life: a job that gives none for a while has failed
      heartbeat_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX jobs_by_finish ON jobs (finished_at);

    -- One row per chunk that made one-time secrets, sealed (AES-256-GCM) under the job's id.
    CREATE TABLE job_secrets (
      id_hash TEXT NOT NULL REFERENCES jobs (id_hash) ON DELETE CASCADE,
      -- the job's processed count once the chunk committed: a status shows the secrets of what it counts
      processed INTEGER NOT NULL,
      sealed BLOB NOT NULL,
      PRIMARY KEY (id_hash, processed)
    ) STRICT, WITHOUT ROWID;
  `);
}
