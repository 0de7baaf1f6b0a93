import { describe, expect, it } from 'vitest';
import type { UserPageRequest } from '../../../shared/domain/userListing';
import { hasher, newUser } from '../directory/support/instanceDb';
import { seedStorage } from '../directory/support/seedStorage';
import { openTestStorage, type TestDirectory, type TestStorage } from '../directory/support/storage';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * Each server process keeps its own copy of the users list and brings it up to date from the
 * database at every listing: what another process wrote (or deleted, even after its tombstone was
 * pruned) shows in this one's next page, in every kept order.
 */

const { tempDir, onCleanup } = useTempDirs();

async function twoProcesses(users: number) {
  const storage = await openTestStorage(tempDir());
  onCleanup(() => storage.close());
  await seedStorage(storage, {
    users,
    groups: 4,
    groupsPerUser: 1,
    passwordHash: await hasher.hash('seeded-1'),
  });
  return { storage, first: storage.directory, second: await storage.reopen() };
}

/** The usernames of a listing, every page of it, as one process answers it. */
async function usernames(directory: TestDirectory, request: Partial<UserPageRequest>): Promise<string[]> {
  const names: string[] = [];
  for (let offset = 0; ; offset += 400) {
    const page = await directory.searchUsers({ query: '', offset, limit: 400, ...request });
    names.push(...page.items.map((item) => item.username));
    if (offset + 400 >= page.total) return names;
  }
}

/** The same listing read straight from the table, in PostgreSQL's own order. */
async function fromTable(storage: TestStorage, text: string, order: string): Promise<string[]> {
  const rows = await storage.query<{ username: string }>(
    `SELECT username FROM users WHERE strpos(search_text, ?) > 0 ORDER BY ${order}`,
    [text],
  );
  return rows.map((row) => row.username);
}

describe("another process's writes, in this process's copy of the list", () => {
  it('move users in the orders kept in memory, created, renamed and deleted', async () => {
    const { storage, first, second } = await twoProcesses(3_000);
    const byDisplayName = { query: 'e', sort: 'displayName', direction: 'desc' } as const;
    const order = "split_part(search_text, E'\\n', 3) DESC, username_key DESC";
    expect(await usernames(first, byDisplayName)).toEqual(await fromTable(storage, 'e', order));

    const [renamed] = (await first.searchUsers({ ...byDisplayName, offset: 0, limit: 1 })).items;
    if (!renamed) throw new Error('the seed has users with an e');
    await second.updateUser(renamed.id, { displayName: 'Aaaa Renamed Elsewhere' });
    await second.createUser(newUser('zz.newcomer', { displayName: 'Zzzz Newcomer' }));
    const [gone] = (await first.searchUsers({ query: 'e', sort: 'email', offset: 5, limit: 1 })).items;
    if (!gone) throw new Error('the seed has users with an e');
    await second.deleteUsers([gone.id]);

    const listed = await usernames(first, byDisplayName);
    expect(listed).toEqual(await fromTable(storage, 'e', order));
    expect(listed[0]).toBe('zz.newcomer');
    expect(listed.at(-1)).toBe(renamed.username);
    expect(listed).not.toContain(gone.username);
  });

  it('drops a user whose tombstone was pruned before this process looked', async () => {
    const { storage, first, second } = await twoProcesses(200);
    const before = await first.searchUsers({ query: '', offset: 0, limit: 2 });
    const [early, late] = before.items;
    if (!early || !late) throw new Error('the seed has users');
    await second.deleteUsers([early.id]);
    // A day passes: the next delete prunes the first one's tombstone.
    await storage.query("UPDATE deleted_users SET deleted_at = now() - interval '2 days'");
    await second.deleteUsers([late.id]);
    expect(await storage.query('SELECT id FROM deleted_users WHERE id = ?', [early.id])).toEqual([]);

    const after = await first.searchUsers({ query: '', offset: 0, limit: 500 });
    expect(after.total).toBe(before.total - 2);
    expect(after.items.map((item) => item.id)).not.toContain(early.id);
    expect(after.items.map((item) => item.id)).not.toContain(late.id);
  });

  it('answers listings asked at once while another process writes, each as of one moment', async () => {
    const { storage, first, second } = await twoProcesses(1_000);
    const writes = (async () => {
      for (let i = 0; i < 20; i++) await second.createUser(newUser(`par.${i}`, { displayName: `Par ${i}` }));
    })();
    const pages = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        first.searchUsers({
          query: 'par',
          sort: i % 2 === 0 ? 'username' : 'displayName',
          offset: 0,
          limit: 50,
        }),
      ),
    );
    await writes;
    for (const page of pages) expect(page.items.length).toBe(Math.min(page.total, 50));
    const last = await first.searchUsers({ query: 'par.', offset: 0, limit: 50 });
    expect(last.total).toBe(20);
    expect(await usernames(first, { query: 'e', sort: 'created' })).toEqual(
      await fromTable(storage, 'e', 'created_at, username_key'),
    );
  });
});
