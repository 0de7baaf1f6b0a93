import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { openInstanceDatabase } from '../../../electron/database/openDatabase';
import { createLocalDirectory } from '../../../electron/services/directory/local/localDirectory';
import { createDatabase } from '../../support/postgresCluster';
import { hasher, NATIVE_DIR } from '../directory/support/instanceDb';
import { MemoryKeychain } from '../directory/support/memoryKeychain';
import { useTempDirs } from '../directory/support/tempDirs';
import { runCli } from '../server/support/serverProcess';

/**
 * `npm run server -- migrate --from … --to …`: an instance file copied into PostgreSQL and back
 * again gives the same rows in every table, and both audit chains verify.
 */

const { tempDir } = useTempDirs();

/** The tables compared row for row (the search indexes each storage builds for itself are not). */
const COMPARED: Record<string, string> = {
  users: 'id',
  groups: 'id',
  memberships: 'group_id, user_id',
  tokens: 'user_id',
  api_keys: 'id',
  instance_settings: 'name',
  audit_log: 'id',
  audit_related: 'target_type, target_id, entry_id',
};

/** An instance with a little of everything: users, groups, memberships, a role, a token, a policy, history. */
async function seededFile(file: string): Promise<void> {
  const db = openInstanceDatabase(file, { mode: 'create', nativeDir: NATIVE_DIR });
  const directory = createLocalDirectory({
    db,
    instanceId: 'seed',
    hasher,
    keychain: new MemoryKeychain(),
    actor: 'local:seed',
  });
  try {
    const owner = await directory.createUser(person('owner'));
    const users = [];
    for (const name of ['ada', 'bob', 'cy', 'dee']) users.push(await directory.createUser(person(name)));
    const [ada, bob, cy] = users;
    if (!ada || !bob || !cy) throw new Error('seeding failed');
    const ops = await directory.createGroup('Ops', undefined, 'Runs things');
    const devs = await directory.createGroup('Devs');
    await directory.addMembers(ops.id, [ada.id, bob.id]);
    await directory.setUserGroups(cy.id, [ops.id, devs.id]);
    await directory.setRole(bob.id, 'userManager');
    await directory.setEnabled(cy.id, false);
    await directory.generateToken(ada.id);
    await directory.createApiKey(owner.id, { name: 'ci', scope: 'read', expiresInDays: 30 });
    await directory.setPasswordPolicy({ ...(await directory.getPasswordPolicy()), minLength: 10 });
    await directory.deleteGroup(devs.id);
  } finally {
    directory.close();
  }
}

const person = (username: string) => ({
  username,
  password: `${username}-password-1`,
  displayName: `Person ${username}`,
  email: `${username}@example.com`,
  enabled: true,
});

function sqliteRows(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(
      Object.entries(COMPARED).map(([table, order]) => [
        table,
        db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all().map(normalised),
      ]),
    );
  } finally {
    db.close();
  }
}

async function postgresRows(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows: Record<string, unknown[]> = {};
    for (const [table, order] of Object.entries(COMPARED))
      rows[table] = (await client.query(`SELECT * FROM ${table} ORDER BY ${order}`)).rows.map(normalised);
    return rows;
  } finally {
    await client.end();
  }
}

/** PostgreSQL answers bigints as text here (a plain client): numbers compare as numbers. */
const normalised = (row: unknown) =>
  Object.fromEntries(
    Object.entries(row as Record<string, unknown>).map(([column, value]) => [
      column,
      typeof value === 'string' && column === 'version' ? Number(value) : value,
    ]),
  );

const migrate = (from: string, to: string) => runCli(['migrate', '--from', from, '--to', to]);

describe('migrate', () => {
  it('copies an instance file into PostgreSQL and back: the same rows, and audit chains that verify', async () => {
    const dir = tempDir('roster-migrate-');
    const original = path.join(dir, 'team.sqlite');
    await seededFile(original);
    const url = await createDatabase(inject('postgresUrl'));

    const there = await migrate(original, url);
    expect(there.stderr).toBe('');
    expect(there.code).toBe(0);
    expect(there.stdout).toMatch(/Copied 5 users, 1 groups, 3 memberships, 1 tokens/);
    expect(there.stdout).toMatch(/The copy's audit log verifies: \d+ entries\./);
    const expected = sqliteRows(original);
    expect(await postgresRows(url)).toEqual(expected);

    const back = path.join(dir, 'back.sqlite');
    const again = await migrate(url, back);
    expect(again.code).toBe(0);
    expect(sqliteRows(back)).toEqual(expected);
  });

  it('refuses a target that is not empty, and leaves both as they were', async () => {
    const dir = tempDir('roster-migrate-');
    const original = path.join(dir, 'team.sqlite');
    await seededFile(original);
    const url = await createDatabase(inject('postgresUrl'));
    expect((await migrate(original, url)).code).toBe(0);
    const before = await postgresRows(url);

    const refused = await migrate(original, url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The target instance is not empty');
    expect(await postgresRows(url)).toEqual(before);

    const existing = path.join(dir, 'existing.sqlite');
    await seededFile(existing);
    const onFile = await migrate(url, existing);
    expect(onFile.code).toBe(1);
    expect(onFile.stderr).toContain('already exists');
  });

  it('keeps numbering after the copied rows: a user created in the copy gets the next id and a newer version', async () => {
    const dir = tempDir('roster-migrate-');
    const original = path.join(dir, 'team.sqlite');
    await seededFile(original);
    const url = await createDatabase(inject('postgresUrl'));
    expect((await migrate(original, url)).code).toBe(0);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: number; version: string; newest: string }>(
        `INSERT INTO users (username, username_key, display_name, email, password_hash, enabled, search_text,
           created_at, updated_at)
         VALUES ('eve', 'eve', 'Eve', 'eve@example.com', 'h', 1, 'eve', 'now', 'now')
         RETURNING id, version, (SELECT max(version) FROM users WHERE username <> 'eve') AS newest`,
      );
      expect(rows[0]?.id).toBe(6);
      expect(Number(rows[0]?.version)).toBeGreaterThan(Number(rows[0]?.newest));
    } finally {
      await client.end();
    }
  });
});
