import { describe, expect, it } from 'vitest';
import {
  createRemoteDirectory,
  type RemoteDirectory,
} from '../../../electron/services/directory/remote/remoteDirectory';
import { RemoteError } from '../../../electron/services/directory/remote/remoteErrors';
import { ADMIN } from '../server/support/instanceFile';
import { newUserFields, useServedInstance } from '../server/support/servedInstance';

/** The remote directory against a real server process: every Directory method, and its refusals. */

const served = useServedInstance();
const remote = (password = ADMIN.password): RemoteDirectory =>
  createRemoteDirectory({
    baseUrl: served().server.url,
    credentials: { username: ADMIN.username, password },
  });
const all = { query: '', offset: 0, limit: 500 };

describe('the remote directory against the instance server', () => {
  it('round-trips every Directory method', async () => {
    const directory = remote();
    try {
      expect(await directory.keychainStatus()).toMatchObject({ available: false, backend: 'remote server' });
      // This server was started without a mail server (invitationMail.test.ts starts one with).
      expect(await directory.mailsInvitations()).toBe(false);
      expect(await directory.nextUsername()).toMatch(/\S/);
      const overview = await directory.overview();
      expect(overview.users).toBe((await directory.searchUsers(all)).total);

      const fields = newUserFields('remote');
      const created = await directory.createUser({ ...fields, enabled: true });
      expect(created).toMatchObject({
        username: fields.username,
        email: fields.email,
        enabled: true,
        groups: [],
      });
      expect(await directory.getUser(created.id)).toEqual(created);

      const found = await directory.searchUsers({ query: fields.username, offset: 0, limit: 10 });
      expect(found.items.map((item) => item.id)).toContain(created.id);
      expect((await directory.searchUsers(all)).total).toBeGreaterThanOrEqual(2);

      const updated = await directory.updateUser(created.id, { displayName: 'Renamed Person' });
      expect(updated.displayName).toBe('Renamed Person');
      expect((await directory.setEnabled(created.id, false)).enabled).toBe(false);
      expect((await directory.setEnabled(created.id, true)).enabled).toBe(true);

      const group = await directory.createGroup(`remote-group-${process.pid}`);
      expect(group).toMatchObject({ memberCount: 0 });
      expect(
        (await directory.searchGroups({ query: group.name, offset: 0, limit: 10 })).items,
      ).toContainEqual(group);

      const withGroups = await directory.setUserGroups(created.id, [group.id]);
      expect(withGroups.groups.map((item) => item.id)).toEqual([group.id]);
      const other = await directory.createUser({ ...newUserFields('remote'), enabled: true });
      expect((await directory.addMembers(group.id, [other.id])).memberCount).toBe(2);
      const members = await directory.groupMembers(group.id, all);
      expect(members.items.map((item) => item.id).sort()).toEqual([created.id, other.id].sort());
      expect((await directory.removeMembers(group.id, [created.id, other.id])).memberCount).toBe(0);

      const pair = await directory.generateToken(created.id);
      expect(pair.accessToken).toMatch(/\S/);
      expect((await directory.getUser(created.id)).token).toMatchObject({ createdAt: pair.createdAt });
      expect(await directory.readToken(created.id)).toBeNull();
      await directory.revokeToken(created.id);
      expect((await directory.getUser(created.id)).token).toBeNull();

      await directory.deleteGroup(group.id);
      await expect(directory.deleteGroup(group.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await directory.deleteUsers([created.id, other.id])).toBe(2);
      await expect(directory.getUser(created.id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
        kind: 'not-found',
      });
    } finally {
      directory.close();
    }
  });

  it('tests a connection: health, sign-in, administrator', async () => {
    const result = await remote().testConnection();
    expect(result).toMatchObject({
      ok: true,
      username: ADMIN.username,
      server: { version: expect.any(String) as unknown },
    });
  });

  it('refuses a wrong password as FORBIDDEN, naming every reason the server may have had', async () => {
    const directory = remote('not-the-password');
    const error = await directory.searchUsers(all).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', kind: 'credentials' });
    expect((error as Error).message).toBe(
      `The server refused the sign-in of "${ADMIN.username}": wrong username or password, or the account is locked or disabled. Check them, or ask an administrator of the server.`,
    );
    expect(await directory.testConnection()).toMatchObject({ ok: false, error: { kind: 'credentials' } });
  });

  it('gives validation errors with their field, and conflicts with theirs', async () => {
    const directory = remote();
    const fields = newUserFields('remote');
    await expect(
      directory.createUser({ ...fields, email: 'not an address', enabled: true }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      kind: 'validation',
      field: 'email',
    });
    await directory.createUser({ ...fields, enabled: true });
    await expect(directory.createUser({ ...fields, enabled: true })).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'username',
    });
  });

  it('signs in again transparently when the server ended the session', async () => {
    const renewed: string[] = [];
    const directory = createRemoteDirectory({
      baseUrl: served().server.url,
      credentials: { username: ADMIN.username, password: ADMIN.password },
      onTokens: (tokens) => renewed.push(tokens.accessToken),
    });
    await directory.searchUsers(all);
    const first = directory.tokens();
    expect(first).not.toBeNull();
    // Ends the session server-side: both its access and its refresh token stop working.
    const logout = await served().api.call('POST', '/api/auth/logout', { token: first?.accessToken });
    expect(logout.status).toBe(204);
    expect((await directory.searchUsers(all)).total).toBeGreaterThan(0);
    expect(directory.tokens()?.accessToken).not.toBe(first?.accessToken);
    expect(renewed).toHaveLength(2);
  });
});
