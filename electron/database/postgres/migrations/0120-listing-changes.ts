/**
 * What a server process needs to keep its in-memory copy of the users list up to date with the
 * other processes' writes, reading only what changed (postgres/listingCopy.ts):
 *
 * - `users_by_version`: the users written since a version.
 * - `deleted_users`: a deleted user leaves its id under the next version. Tombstones older than a
 *   day are pruned as users are deleted; `deleted_users_pruned.through` is the newest version
 *   pruned, so that a copy older than that reads everything again instead of keeping the dead.
 *
 * PostgreSQL only: an instance file's copy lives in the one process that writes the file.
 */
export const listingChangesSchema = `
  CREATE INDEX users_by_version ON users (version);

  CREATE TABLE deleted_users (
    version bigint PRIMARY KEY DEFAULT nextval('instance_version'),
    id integer NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX deleted_users_by_age ON deleted_users (deleted_at);
  CREATE TABLE deleted_users_pruned (through bigint NOT NULL);
  INSERT INTO deleted_users_pruned VALUES (0);

  CREATE FUNCTION users_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO deleted_users (id) VALUES (OLD.id);
    RETURN NULL;
  END $$;
  CREATE TRIGGER users_deleted AFTER DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION users_deleted();

  CREATE FUNCTION deleted_users_prune() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    WITH pruned AS (
      DELETE FROM deleted_users WHERE deleted_at < now() - interval '1 day' RETURNING version
    )
    UPDATE deleted_users_pruned SET through = greatest(through, (SELECT max(version) FROM pruned))
      WHERE EXISTS (SELECT 1 FROM pruned);
    RETURN NULL;
  END $$;
  CREATE TRIGGER deleted_users_prune AFTER DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION deleted_users_prune();
`;
