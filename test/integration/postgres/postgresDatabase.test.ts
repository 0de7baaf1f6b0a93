import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  openPostgresDatabase,
  type PostgresDatabase,
} from '../../../electron/database/postgres/postgresDatabase';
import { LATEST_POSTGRES_VERSION, postgresMigrations } from '../../../electron/database/postgres/migrations';
import { createDatabase } from '../../support/postgresCluster';

/** The PostgreSQL storage itself: its migrations, its refusals and its write lock. */

const opened: PostgresDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
});

async function open(url: string): Promise<PostgresDatabase> {
  const database = await openPostgresDatabase(url);
  opened.push(database);
  return database;
}

async function onRawConnection<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const insertUser = (username: string) =>
  [
    `INSERT INTO users (username, username_key, display_name, email, password_hash, enabled, search_text, created_at, updated_at)
   VALUES ($1, $1, $1, $1 || '@example.com', 'hash', 1, $1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
   RETURNING id`,
    [username],
  ] as const;

describe('the PostgreSQL instance database', () => {
  it('creates the schema once: a second process opening it finds it current', async () => {
    const url = await createDatabase(inject('postgresUrl'));
    await Promise.all([open(url), open(url), open(url)]);
    const versions = await onRawConnection(url, async (client) =>
      (await client.query<{ version: number }>('SELECT version FROM roster_schema')).rows.map(
        (row) => row.version,
      ),
    );
    expect(versions).toEqual(postgresMigrations.map((migration) => migration.version));
  });

  it('refuses a database that holds tables of another application, and leaves it as it was', async () => {
    const url = await createDatabase(inject('postgresUrl'));
    await onRawConnection(url, (client) => client.query('CREATE TABLE invoices (id integer PRIMARY KEY)'));
    await expect(openPostgresDatabase(url)).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringContaining('not a Roster instance') as unknown,
    });
    const tables = await onRawConnection(
      url,
      async (client) =>
        (
          await client.query<{ tablename: string }>(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
          )
        ).rows,
    );
    expect(tables).toEqual([{ tablename: 'invoices' }]);
  });

  it('refuses a database written by a newer Roster', async () => {
    const url = await createDatabase(inject('postgresUrl'));
    await (await open(url)).close();
    opened.pop();
    await onRawConnection(url, (client) =>
      client.query("INSERT INTO roster_schema VALUES ($1, 'future', '2030-01-01')", [
        LATEST_POSTGRES_VERSION + 10,
      ]),
    );
    await expect(openPostgresDatabase(url)).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringContaining('newer Roster') as unknown,
    });
  });

  it('says clearly when the server cannot be reached', async () => {
    const url = new URL(inject('postgresUrl'));
    url.port = '9';
    await expect(openPostgresDatabase(url.toString())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('cannot be reached') as unknown,
    });
  });

  it('applies the whole of a failed write, or none of it', async () => {
    const database = await open(await createDatabase(inject('postgresUrl')));
    await expect(
      database.write(async (tx) => {
        await tx.run(...insertUser('kept-out'));
        throw new Error('the change was refused halfway');
      }),
    ).rejects.toThrow('halfway');
    expect(await database.sql.value<number>('SELECT count(*) FROM users')).toBe(0);
  });

  it('makes writers from different connections take turns: no read-check-write interleaves', async () => {
    const url = await createDatabase(inject('postgresUrl'));
    const [first, second] = [await open(url), await open(url)];
    await first.write((tx) => tx.run("INSERT INTO instance_settings VALUES ('counter', '0')"));
    // Each writer reads the counter, waits, and writes it plus one: without the lock both read 0.
    const increment = (database: PostgresDatabase) =>
      database.write(async (tx) => {
        const value = Number(
          await tx.value<string>("SELECT value FROM instance_settings WHERE name = 'counter'"),
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
        await tx.run("UPDATE instance_settings SET value = $1 WHERE name = 'counter'", [String(value + 1)]);
      });
    await Promise.all([increment(first), increment(second), increment(first), increment(second)]);
    expect(await first.sql.value<string>("SELECT value FROM instance_settings WHERE name = 'counter'")).toBe(
      '4',
    );
  });

  it('keeps the schema rules: the first user is the Administrator, and changes move versions', async () => {
    const database = await open(await createDatabase(inject('postgresUrl')));
    const [first, second] = await database.write(async (tx) => [
      await tx.value<number>(...insertUser('ada')),
      await tx.value<number>(...insertUser('bob')),
    ]);
    const roles = await database.sql.rows<{ role: string }>('SELECT role FROM users ORDER BY id');
    expect(roles.map((row) => row.role)).toEqual(['administrator', 'user']);

    const versionOf = async (id: number | undefined) =>
      database.sql.value<number>('SELECT version FROM users WHERE id = $1', [id]);
    const before = await versionOf(second);
    await database.write((tx) => tx.run("UPDATE users SET display_name = 'Bob' WHERE id = $1", [second]));
    const renamed = await versionOf(second);
    expect(renamed).toBeGreaterThan(before ?? Infinity);
    await database.write((tx) => tx.run('UPDATE users SET failed_logins = 1 WHERE id = $1', [second]));
    expect(await versionOf(second)).toBe(renamed);

    const group = await database.write((tx) =>
      tx.value<number>(
        "INSERT INTO groups (name, name_key, created_at) VALUES ('ops', 'ops', 'now') RETURNING id",
      ),
    );
    await database.write((tx) => tx.run('INSERT INTO memberships VALUES ($1, $2)', [group, first]));
    expect(await versionOf(first)).toBeGreaterThan(renamed ?? Infinity);
  });

  it('ends the sessions of a disabled user and the invitation of one who set a password', async () => {
    const database = await open(await createDatabase(inject('postgresUrl')));
    const id = await database.write(async (tx) => {
      const user = await tx.value<number>(...insertUser('cy'));
      await tx.run(
        `INSERT INTO sessions (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
         VALUES ($1, 'a', 'r', 'now', 'later', 'later')`,
        [user],
      );
      await tx.run("INSERT INTO invitations VALUES ($1, 'link', 'now', 'later')", [user]);
      return user;
    });
    await database.write((tx) => tx.run('UPDATE users SET enabled = 0 WHERE id = $1', [id]));
    expect(await database.sql.value<number>('SELECT count(*) FROM sessions')).toBe(0);
    await database.write((tx) => tx.run("UPDATE users SET password_hash = 'new' WHERE id = $1", [id]));
    expect(await database.sql.value<number>('SELECT count(*) FROM invitations')).toBe(0);
  });
});
