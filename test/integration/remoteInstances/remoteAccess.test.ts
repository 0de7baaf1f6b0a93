import { describe, expect, it } from 'vitest';
import type { AccessStatus } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import { useRosterCores, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';
import type { Answer, ApiError } from '../server/support/api';
import { ADMIN } from '../server/support/instanceFile';
import { useServedInstance } from '../server/support/servedInstance';
import { connectAsOwner, createServerUser, SKIP_REASON, underKeyring } from './support/remoteSupport';

/**
 * The access channels (directory.users.access / setRole / unlock) on a remote
 * instance, through the RosterCore's typed client as the renderer calls them:
 * a real instance server process, the real OS keychain (gnome-keyring under
 * scripts/with-keyring.sh). What Roster says is checked against the server's
 * own API and its file.
 */

// A high per-address limit: this file's wrong passwords must lock accounts, never the test's address.
const served = useServedInstance(['--address-limit', '1000']);
const tempDir = useTempDirs();
const openCore = useRosterCores();

const UNLOCKED: AccessStatus = { failedLogins: 0, lockedUntil: null };

/** A fresh core with the served instance connected as its owner (the only administrator). */
async function connected() {
  const { client } = openCore(tempDir());
  const instanceId = (await connectAsOwner(client, served().server.url)).id;
  return {
    client,
    instanceId,
    access: async (userId: number) => client.invoke('directory.users.access', { instanceId, userId }),
    setRole: async (userId: number, role: Role) =>
      client.invoke('directory.users.setRole', { instanceId, userId, role }),
    unlock: async (userId: number) => client.invoke('directory.users.unlock', { instanceId, userId }),
  };
}

const login = (username: string, password: string): Promise<Answer<ApiError>> =>
  served().api.call<ApiError>('POST', '/api/auth/token', { body: { username, password } });

/** What the server itself answers for the user's access, asked by the owner's own session. */
const serverAccess = async (userId: number) =>
  (await served().api.call('GET', `/api/users/${userId}/access`, { token: served().adminToken })).body;

const newUser = () => createServerUser(served().api, served().adminToken, { prefix: 'acc' });

/** The user's role as the server itself answers it, asked by the owner's own session. */
const serverRole = async (userId: number) =>
  (await served().api.call<{ role: Role }>('GET', `/api/users/${userId}`, { token: served().adminToken }))
    .body.role;

describe.skipIf(!underKeyring)(
  `access on a remote instance${underKeyring ? '' : ` (${SKIP_REASON})`}`,
  () => {
    it('shows a lockout from wrong sign-ins, and unlocking lets the user sign in again', async () => {
      const roster = await connected();
      const user = await newUser();
      expect(valueOf(await roster.access(user.id))).toEqual(UNLOCKED);

      for (let attempt = 1; attempt <= 5; attempt++) {
        const answer = await login(user.username, 'wrong-password');
        // The failure that locks answers as the others do: the lock is the administrator's to see.
        expect(answer.status).toBe(401);
      }
      // Locked: even the right password is refused, with the same answer.
      expect((await login(user.username, user.password)).status).toBe(401);

      const lockedUntil = served().observer.account(user.username)?.locked_until;
      expect(lockedUntil).toEqual(expect.any(String));
      const locked = valueOf(await roster.access(user.id));
      expect(locked).toEqual({ failedLogins: 5, lockedUntil });
      expect(Date.parse(locked.lockedUntil ?? '')).toBeGreaterThan(Date.now());
      expect(locked).toEqual(await serverAccess(user.id));

      expect(valueOf(await roster.unlock(user.id))).toEqual(UNLOCKED);
      expect(served().observer.account(user.username)).toMatchObject({
        failed_logins: 0,
        locked_until: null,
      });
      expect(valueOf(await roster.access(user.id))).toEqual(UNLOCKED);
      expect(await serverAccess(user.id)).toEqual(UNLOCKED);
      // The server's audit names the account Roster is signed in as.
      const entries = served()
        .observer.audit('user.unlock')
        .filter((row) => row.target_id === user.id);
      expect(entries.map((row) => row.actor)).toEqual([`api:${ADMIN.username}`]);

      expect((await login(user.username, user.password)).status).toBe(200);
    });

    it('promotes and demotes a user; the server agrees and its API follows', async () => {
      const roster = await connected();
      const user = await newUser();
      const userToken = async () => {
        const answer = await served().api.call<{ accessToken: string }>('POST', '/api/auth/token', {
          body: { username: user.username, password: user.password },
        });
        expect(answer.status).toBe(200);
        return answer.body.accessToken;
      };
      const listUsers = async (token: string) =>
        (await served().api.call('GET', '/api/users', { token })).status;
      expect(await listUsers(await userToken())).toBe(403);

      const promoted = valueOf(await roster.setRole(user.id, 'administrator'));
      expect(promoted).toMatchObject({ id: user.id, username: user.username, role: 'administrator' });
      expect(await serverRole(user.id)).toBe('administrator');
      expect(valueOf(await roster.access(user.id))).toEqual(UNLOCKED);
      expect(await listUsers(await userToken())).toBe(200);

      const demoted = valueOf(await roster.setRole(user.id, 'user'));
      expect(demoted).toMatchObject({ id: user.id, role: 'user' });
      expect(demoted.version).toBeGreaterThan(promoted.version);
      expect(await serverRole(user.id)).toBe('user');
      expect(await listUsers(await userToken())).toBe(403);

      const changes = served()
        .observer.audit('user.role')
        .filter((row) => row.target_id === user.id)
        .map((row) => ({
          actor: row.actor,
          before: JSON.parse(row.before ?? 'null') as unknown,
          after: JSON.parse(row.after ?? 'null') as unknown,
        }));
      expect(changes).toEqual([
        { actor: `api:${ADMIN.username}`, before: { role: 'user' }, after: { role: 'administrator' } },
        { actor: `api:${ADMIN.username}`, before: { role: 'administrator' }, after: { role: 'user' } },
      ]);
    });

    it('refuses to demote the only administrator (the owner): CONFLICT, kind conflict, nothing written', async () => {
      const roster = await connected();
      const owner = served().observer.account(ADMIN.username);
      if (!owner) throw new Error('the owner is missing');
      const before = served().observer.state();

      const refused = await roster.setRole(owner.id, 'user');
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', kind: 'conflict', field: 'userId' },
      });
      expect(served().observer.state().dataVersion).toBe(before.dataVersion);
      expect(served().observer.account(ADMIN.username)?.role).toBe('administrator');
      expect(await serverRole(owner.id)).toBe('administrator');
      expect(valueOf(await roster.access(owner.id))).toEqual(UNLOCKED);
    });

    it('an unknown user is NOT_FOUND (kind not-found) for all three', async () => {
      const roster = await connected();
      const missing = 987_654;
      const notFound = { ok: false, error: { code: 'NOT_FOUND', kind: 'not-found' } };
      expect(await roster.access(missing)).toMatchObject(notFound);
      expect(await roster.setRole(missing, 'auditor')).toMatchObject(notFound);
      expect(await roster.unlock(missing)).toMatchObject(notFound);
    });
  },
);
