import { describe, expect, it } from 'vitest';
import type { UserDetail } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import { useRosterCores, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';
import { useServedInstance } from '../server/support/servedInstance';
import {
  addAndConnect,
  createServerUser,
  secretsOf,
  SKIP_REASON,
  underKeyring,
  viewOf,
  waitForState,
} from './support/remoteSupport';

/**
 * "instances.changePassword" through the RosterCore's typed client, for an account whose password
 * an administrator of the server reset: the connection test says a new password is needed, the
 * channel sets it with the temporary one, after which only the new one signs in; given an
 * instance, the new password replaces the saved one in the OS keychain and the instance connects.
 * A real server process, the real keychain (scripts/with-keyring.sh) and the real settings file.
 */

const served = useServedInstance(['--address-limit', '1000']);
const tempDir = useTempDirs();
const openCore = useRosterCores();

const TEMPORARY = 'temporary-pw-1';

/** A new account of `role` whose password the owner reset to TEMPORARY. */
async function resetAccount(role: Role) {
  const { api, adminToken } = served();
  const user = await createServerUser(api, adminToken, { prefix: 'reset', role });
  const reset = await api.call('POST', `/api/users/${user.id}/password-reset`, {
    token: adminToken,
    body: { password: TEMPORARY },
  });
  expect(reset.status).toBe(200);
  return user;
}

const detailOf = async (id: number) =>
  (await served().api.call<UserDetail>('GET', `/api/users/${id}`, { token: served().adminToken })).body;

const sessionsOf = (userId: number) =>
  served().observer.db.prepare('SELECT count(*) FROM sessions WHERE user_id = ?').pluck().get(userId);

describe.skipIf(!underKeyring)(`changing a reset password${underKeyring ? '' : ` (${SKIP_REASON})`}`, () => {
  it('Test connection asks for a new password; the channel sets it, and only the new one signs in', async () => {
    const { client } = openCore(tempDir());
    const user = await resetAccount('auditor');
    const settings = { url: served().server.url, username: user.username, timeoutSeconds: 5 };

    const tested = valueOf(
      await client.invoke('instances.testConnection', { ...settings, password: TEMPORARY }),
    );
    expect(tested).toMatchObject({
      ok: false,
      error: { code: 'PASSWORD_CHANGE_REQUIRED', kind: 'password-change', field: 'newPassword' },
    });

    // A new password the server's policy refuses: said so, and the account still must change it.
    const refused = valueOf(
      await client.invoke('instances.changePassword', {
        ...settings,
        password: TEMPORARY,
        newPassword: 'abc',
      }),
    );
    expect(refused).toMatchObject({
      ok: false,
      error: {
        kind: 'validation',
        field: 'newPassword',
        message: 'The password must be 5 to 20 characters long.',
      },
    });
    expect((await detailOf(user.id)).mustChangePassword).toBe(true);

    const changed = valueOf(
      await client.invoke('instances.changePassword', {
        ...settings,
        password: TEMPORARY,
        newPassword: 'chosen-pw-1',
      }),
    );
    expect(changed).toMatchObject({ ok: true, username: user.username });
    expect((await detailOf(user.id)).mustChangePassword).toBe(false);
    // Nothing is kept: the sessions it opened are over.
    expect(sessionsOf(user.id)).toBe(0);

    const withTemporary = valueOf(
      await client.invoke('instances.testConnection', { ...settings, password: TEMPORARY }),
    );
    expect(withTemporary).toMatchObject({ ok: false, error: { kind: 'credentials' } });
    const withNew = valueOf(
      await client.invoke('instances.testConnection', { ...settings, password: 'chosen-pw-1' }),
    );
    expect(withNew).toMatchObject({ ok: true, username: user.username });
  });

  it('with an instance: uses its saved password, saves the new one in the keychain, and connects', async () => {
    const { client } = openCore(tempDir());
    const user = await resetAccount('userManager');
    const settings = { url: served().server.url, username: user.username, timeoutSeconds: 5 };

    const added = await addAndConnect(client, { name: 'Reset', ...settings, password: TEMPORARY });
    expect(added.state).toBe('error');
    expect(added.stateDetail).toContain('choose a new password');
    // The kind tells the navigator that Retry cannot help: only a new password (Edit connection…) can.
    expect(added.stateKind).toBe('password-change');
    expect((await viewOf(client, added.id))?.stateKind).toBe('password-change');
    expect((await secretsOf(added.id)).password).toBe(TEMPORARY);

    const changed = valueOf(
      await client.invoke('instances.changePassword', {
        id: added.id,
        ...settings,
        newPassword: 'chosen-pw-2',
      }),
    );
    expect(changed).toMatchObject({ ok: true, username: user.username });
    expect((await secretsOf(added.id)).password).toBe('chosen-pw-2');

    // Connected, the view no longer names a failure.
    expect(await waitForState(client, added.id, 'connected')).not.toHaveProperty('stateKind');
    const page = valueOf(
      await client.invoke('directory.users.search', {
        instanceId: added.id,
        page: { query: user.username, offset: 0, limit: 10 },
      }),
    );
    expect(page.items.map((item) => item.id)).toEqual([user.id]);
    expect((await detailOf(user.id)).mustChangePassword).toBe(false);
  });
});
