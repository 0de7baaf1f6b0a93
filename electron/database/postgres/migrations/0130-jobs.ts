/**
 * Bulk and import jobs as rows, as SQLite's migration 0130: every server process answers a job's
 * status and cancel, whichever one runs it, and a job whose process died reads as failed.
 */
export const jobsSchema = `
  CREATE TABLE jobs (
    id_hash text COLLATE "C" PRIMARY KEY,
    owner text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('bulk', 'import')),
    state text NOT NULL CHECK (state IN ('running', 'cancelling', 'cancelled', 'done', 'failed')),
    total integer NOT NULL CHECK (total >= 0),
    processed integer NOT NULL CHECK (processed >= 0),
    fields text NOT NULL,
    error text,
    cancel_requested smallint NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
    started_at text COLLATE "C" NOT NULL,
    finished_at text COLLATE "C",
    heartbeat_at text COLLATE "C" NOT NULL
  );
  CREATE INDEX jobs_by_finish ON jobs (finished_at);

  CREATE TABLE job_secrets (
    id_hash text COLLATE "C" NOT NULL REFERENCES jobs (id_hash) ON DELETE CASCADE,
    processed integer NOT NULL,
    sealed bytea NOT NULL,
    PRIMARY KEY (id_hash, processed)
  );
`;
