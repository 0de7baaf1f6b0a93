import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { Directory } from '../../../electron/services/directory/directory';
import { EXPORT_CHUNK } from '../../../electron/services/directory/rules/exportChunks';
import type { UserSummary } from '../../../shared/domain/directory';
import {
  exportColumns,
  UserExportRequestSchema,
  type ExportColumn,
  type UserExportRequest,
} from '../../../shared/domain/userExport';
import { sortDirections, userSortKeys, type UserFilters } from '../../../shared/domain/userListing';
import { unguardFormula } from '../../../shared/domain/usersCsv';
import { newUser } from './support/instanceDb';
import { seedStorage, twoDigits } from './support/seedStorage';
import { openTestStorage, type TestStorage } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * The directory's CSV export over a real instance of this run's storage: the bytes Excel needs
 * (BOM, CRLF, RFC 4180 quoting), the formula guard, the columns asked for, the search's own order
 * under its filters, and users deleted or changed while the file is being written.
 */

const { tempDir } = useTempDirs();

const opened: TestStorage[] = [];
afterEach(async () => {
  for (const storage of opened.splice(0).reverse()) await storage.close();
});

async function open(): Promise<TestStorage> {
  const storage = await openTestStorage(tempDir());
  opened.push(storage);
  return storage;
}

const request = (
  fields: Partial<Omit<UserExportRequest, 'filters'>> & { filters?: Partial<UserFilters> } = {},
) => UserExportRequestSchema.parse({ columns: [...exportColumns], ...fields, filters: fields.filters ?? {} });

async function exportText(directory: Directory, asked: UserExportRequest): Promise<string> {
  let text = '';
  for await (const chunk of directory.exportUsers(asked)) text += chunk;
  return text;
}

/** The file's records after the header, parsed back as a spreadsheet would (the BOM dropped). */
const recordsOf = (text: string): string[][] => parse(text, { bom: true }).slice(1);

const ALL_HEADERS = 'Username,Display name,Email,Role,Status,Groups,Last sign-in,Created';

describe('the CSV of the users list', () => {
  it('is UTF-8 with a BOM, one header row and CRLF line ends, each column as documented', async () => {
    const { directory, query } = await open();
    const admin = await directory.createUser(newUser('alice', { displayName: 'Alice Admin' }));
    const bob = await directory.createUser(newUser('bob', { displayName: 'Bob Off', enabled: false }));
    const { user: carol } = await directory.inviteUser({
      username: 'carol',
      displayName: 'Carol Invited',
      email: 'carol@example.com',
      role: 'auditor',
      expiresInHours: 24,
      sendEmail: false,
    });
    await directory.setEnabled(carol.id, false);
    const staff = await directory.createGroup('Staff');
    const ops = await directory.createGroup('ops');
    await directory.setUserGroups(admin.id, [staff.id, ops.id]);
    await query('UPDATE users SET last_sign_in_at = ? WHERE id = ?', ['2030-01-02T03:04:05.678Z', admin.id]);

    const text = await exportText(directory, request());
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(text.slice(1).split('\r\n')).toEqual([
      ALL_HEADERS,
      `alice,Alice Admin,alice@example.com,Administrator,Enabled,ops; Staff,2030-01-02T03:04:05.678Z,${admin.createdAt}`,
      `bob,Bob Off,bob@example.com,User,Disabled,,,${bob.createdAt}`,
      `carol,Carol Invited,carol@example.com,Auditor,"Invited, disabled",,,${carol.createdAt}`,
      '',
    ]);
    for (const time of [admin.createdAt, bob.createdAt])
      expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('writes only the header when nothing matches', async () => {
    const { directory } = await open();
    await directory.createUser(newUser('alice'));
    expect(await exportText(directory, request({ filters: { query: 'nobody' } }))).toBe(
      `\ufeff${ALL_HEADERS}\r\n`,
    );
  });

  it('quotes commas, quotes and line breaks (RFC 4180), and they parse back unchanged', async () => {
    const { directory, query } = await open();
    const quoted = await directory.createUser(newUser('quoted', { displayName: 'Lee, "Ann" Jr' }));
    const broken = await directory.createUser(newUser('broken'));
    // The rules refuse line breaks in names; a file written before them, or by hand, may hold one.
    await query('UPDATE users SET display_name = ? WHERE id = ?', ['Two\r\nlines', broken.id]);

    const text = await exportText(directory, request({ columns: ['username', 'displayName'] }));
    expect(text).toContain('quoted,"Lee, ""Ann"" Jr"\r\n');
    expect(text).toContain('broken,"Two\r\nlines"\r\n');
    expect(recordsOf(text)).toEqual([
      ['broken', 'Two\r\nlines'],
      ['quoted', quoted.displayName],
    ]);
  });

  it('puts an apostrophe before every cell a spreadsheet would run as a formula, and only those', async () => {
    const { directory, query } = await open();
    const names = ['=1+2', '+cmd', '-2 plus', '@SUM(A1)', 'Plain = fine'];
    for (const [index, displayName] of names.entries())
      await directory.createUser(newUser(`f${index}`, { displayName }));
    const tab = await directory.createUser(newUser('f5'));
    const cr = await directory.createUser(newUser('f6'));
    await query('UPDATE users SET display_name = ? WHERE id = ?', ['\tTabbed', tab.id]);
    await query('UPDATE users SET display_name = ? WHERE id = ?', ['\rReturned', cr.id]);
    const hyperlink = await directory.createGroup('=HYPERLINK("http://x")');
    await directory.setUserGroups(tab.id, [hyperlink.id]);

    const text = await exportText(directory, request({ columns: ['displayName', 'groups'] }));
    const records = recordsOf(text);
    expect(records.map(([displayName]) => displayName)).toEqual([
      "'=1+2",
      "'+cmd",
      "'-2 plus",
      "'@SUM(A1)",
      'Plain = fine',
      "'\tTabbed",
      "'\rReturned",
    ]);
    expect(records[5]?.[1]).toBe(`'=HYPERLINK("http://x")`);
    // What the import reads back is what the directory holds.
    expect(records.map(([displayName]) => unguardFormula(displayName ?? ''))).toEqual([
      ...names,
      '\tTabbed',
      '\rReturned',
    ]);
  });

  it('writes exactly the columns asked for, in the order asked', async () => {
    const { directory } = await open();
    const alice = await directory.createUser(newUser('alice'));
    const group = await directory.createGroup('Team');
    await directory.setUserGroups(alice.id, [group.id]);
    const cells: Readonly<Record<ExportColumn, [string, string]>> = {
      username: ['Username', 'alice'],
      displayName: ['Display name', alice.displayName],
      email: ['Email', alice.email],
      role: ['Role', 'Administrator'],
      status: ['Status', 'Enabled'],
      groups: ['Groups', 'Team'],
      lastSignIn: ['Last sign-in', ''],
      created: ['Created', alice.createdAt],
    };
    for (const column of exportColumns) {
      const parsed = parse(await exportText(directory, request({ columns: [column] })), { bom: true });
      expect(parsed, column).toEqual([[cells[column][0]], [cells[column][1]]]);
    }
    const reversed = [...exportColumns].reverse();
    const parsed = parse(await exportText(directory, request({ columns: reversed })), { bom: true });
    expect(parsed).toEqual([
      reversed.map((column) => cells[column][0]),
      reversed.map((column) => cells[column][1]),
    ]);
  });

  it('never holds a password hash, a token or a key', async () => {
    const { directory, query } = await open();
    const alice = await directory.createUser(newUser('alice'));
    const pair = await directory.generateToken(alice.id);
    const key = await directory.createApiKey(alice.id, { name: 'deploy', scope: 'read', expiresInDays: 30 });
    const text = await exportText(directory, request());
    const secrets = [
      pair.accessToken,
      pair.refreshToken,
      key.value,
      ...(await query<{ hash: string }>('SELECT password_hash AS hash FROM users')).map((row) => row.hash),
      ...(
        await query<{ access: string; refresh: string }>(
          'SELECT access_hash AS access, refresh_hash AS refresh FROM tokens',
        )
      ).flatMap((row) => [row.access, row.refresh]),
      ...(await query<{ hash: string }>('SELECT key_hash AS hash FROM api_keys')).map((row) => row.hash),
    ];
    expect(secrets).toHaveLength(7);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain('argon2');
  });
});

describe('which users, in which order', () => {
  const SEEDED = 1_500;

  /** Every user the search lists for these filters and this order, page by page. */
  async function searched(directory: Directory, asked: UserExportRequest): Promise<string[]> {
    const usernames: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await directory.searchUsers({
        ...asked.filters,
        sort: asked.sort,
        direction: asked.direction,
        offset,
        limit: 500,
      });
      usernames.push(...page.items.map((user: UserSummary) => user.username));
      if (offset + 500 >= page.total) return usernames;
    }
  }

  async function seeded() {
    const storage = await open();
    await seedStorage(storage, { users: SEEDED, groups: 12, groupsPerUser: 2, passwordHash: 'not-a-hash' });
    // Spread the columns out, with ties, nulls and rare states, as the list's own tests do: created
    // on one of 40 days from 2029-01-01, signed in at one of 17 hours of 2029-06-01 or never.
    await storage.query(`
      UPDATE users SET
        role = CASE id % 9 WHEN 0 THEN 'auditor' WHEN 1 THEN 'userManager' WHEN 2 THEN 'apiUser' ELSE 'user' END,
        created_at = CASE WHEN id % 40 < 31
          THEN '2029-01-' || ${twoDigits('1 + id % 40')} ELSE '2029-02-' || ${twoDigits('id % 40 - 30')} END
          || 'T00:00:00.000Z',
        last_sign_in_at = CASE WHEN id % 3 = 0 THEN NULL
          ELSE '2029-06-01T' || ${twoDigits('id % 17')} || ':00:00.000Z' END,
        password_hash = CASE WHEN id % 25 = 0 THEN '' ELSE password_hash END,
        must_change_password = CASE WHEN id % 11 = 0 THEN 1 ELSE 0 END,
        locked_until = CASE WHEN id % 13 = 0 THEN '2999-01-01T00:00:00.000Z' END`);
    await storage.query('DELETE FROM memberships WHERE user_id % 8 = 0');
    return storage;
  }

  const FILTERS: readonly Partial<UserFilters>[] = [
    {},
    { query: 'an' },
    { query: 'ann', status: 'enabled' },
    { status: 'disabled' },
    { status: 'invited', role: 'user' },
    { locked: true },
    { mustChangePassword: true, query: 'e' },
    { groupId: 3 },
    { noGroup: true },
    { role: 'auditor', query: 'example.com' },
  ];

  it('is the search’s order, for every sort and direction under several filters', async () => {
    const { directory } = await seeded();
    let nonEmpty = 0;
    for (const filters of FILTERS)
      for (const sort of userSortKeys)
        for (const direction of sortDirections) {
          const asked = request({ filters, sort, direction, columns: ['username'] });
          const expected = await searched(directory, asked);
          const label = `${JSON.stringify(filters)} by ${sort} ${direction}`;
          expect(
            recordsOf(await exportText(directory, asked)).map(([name]) => name),
            label,
          ).toEqual(expected);
          if (expected.length > 0) nonEmpty++;
        }
    expect(nonEmpty).toBe(FILTERS.length * userSortKeys.length * sortDirections.length);
  });

  it('leaves out a user deleted after the export began, and writes one changed meanwhile as it is now', async () => {
    const { directory } = await seeded();
    const asked = request({ columns: ['username', 'displayName'] });
    const order = await searched(directory, asked);
    expect(order.length).toBeGreaterThan(3 * EXPORT_CHUNK);
    const idOf = async (username: string) =>
      (await directory.searchUsers({ query: username, offset: 0, limit: 5 })).items.find(
        (user) => user.username === username,
      )?.id ?? 0;
    const last = order.at(-1) ?? '';
    const renamed = order.at(-2) ?? '';
    const [lastId, renamedId] = [await idOf(last), await idOf(renamed)];

    const chunks = directory.exportUsers(asked)[Symbol.asyncIterator]();
    let text = '';
    for (let step = 0; step < 2; step++) {
      const next = await chunks.next();
      if (next.done !== true) text += next.value;
    }
    // The header and the first chunk are written: the rest is read only now.
    await directory.deleteUsers([lastId]);
    await directory.updateUser(renamedId, { displayName: 'Changed meanwhile' });
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) text += next.value;

    const records = recordsOf(text);
    expect(records.map(([name]) => name)).toEqual(order.slice(0, -1));
    expect(records.at(-1)).toEqual([renamed, 'Changed meanwhile']);
  });
});
