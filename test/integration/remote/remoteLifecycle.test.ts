import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createRemoteDirectory,
  type RemoteDirectory,
} from '../../../electron/services/directory/remote/remoteDirectory';
import { RemoteError } from '../../../electron/services/directory/remote/remoteErrors';
import type { Invitation, UserDetail } from '../../../shared/domain/directory';
import { DEFAULT_PASSWORD_POLICY, passwordProblem } from '../../../shared/domain/passwordPolicy';
import type { Role } from '../../../shared/domain/roles';
import { signIn } from '../server/support/api';
import { ADMIN } from '../server/support/instanceFile';
import { newUserFields, useServedInstance } from '../server/support/servedInstance';

/**
 * The account lifecycle through the remote directory against a real server process: password
 * resets, invitations and their links, sessions, the password policy and the status filter, as
 * the app's directory calls them, with the server's refusals as RemoteErrors.
 */

const served = useServedInstance(['--address-limit', '1000']);
const remote = (username = ADMIN.username, password = ADMIN.password): RemoteDirectory =>
  createRemoteDirectory({ baseUrl: served().server.url, credentials: { username, password } });

/** One remote directory per test, signed out at its end. */
async function withRemote<T>(work: (directory: RemoteDirectory) => Promise<T>, as?: [string, string]) {
  const directory = as ? remote(...as) : remote();
  try {
    return await work(directory);
  } finally {
    await directory.signOut();
  }
}

const createUser = (directory: RemoteDirectory, role: Role = 'user', enabled = true) => {
  const fields = newUserFields('lifecycle');
  return directory
    .createUser({ ...fields, enabled, role })
    .then((user): UserDetail & { password: string } => ({ ...user, password: fields.password }));
};

function inviteeFields(prefix: string) {
  const { username, displayName, email } = newUserFields(prefix);
  return { username, displayName, email };
}

const tokenOf = (invitation: Invitation) => {
  const match = /\/invite\/([A-Za-z0-9_-]+)$/.exec(invitation.link);
  if (!match?.[1]) throw new Error(`no token in ${invitation.link}`);
  return match[1];
};

const accept = (token: string, password: string) =>
  served().api.call('POST', '/api/invitations/accept', { body: { token, password } });

describe('password resets', () => {
  it('sets a temporary password the user must change, ending their sessions', async () => {
    await withRemote(async (directory) => {
      const user = await createUser(directory);
      await signIn(served().api, user.username, user.password);
      expect(await directory.listSessions(user.id)).toHaveLength(1);

      const given = await directory.resetPassword(user.id, { password: 'temporary-1' });
      expect(given).toEqual({
        temporaryPassword: 'temporary-1',
        user: expect.objectContaining({ id: user.id, mustChangePassword: true }) as unknown,
      });
      expect(await directory.getUser(user.id)).toEqual(given.user);
      expect(await directory.listSessions(user.id)).toEqual([]);

      // Without one, the server makes one that its policy takes, and answers it once.
      const generated = await directory.resetPassword(user.id, {}, { ifVersion: given.user.version });
      expect(passwordProblem(DEFAULT_PASSWORD_POLICY, generated.temporaryPassword, user.username)).toBeNull();
      expect(generated.temporaryPassword).not.toBe('temporary-1');
      const tokens = await served().api.call('POST', '/api/auth/token', {
        body: { username: user.username, password: generated.temporaryPassword },
      });
      expect(tokens).toMatchObject({ status: 200, body: { passwordChangeRequired: true } });
    });
  });

  it('refuses a stale version, a password the policy refuses, and an Invited user', async () => {
    await withRemote(async (directory) => {
      const user = await createUser(directory);
      const stale = user.version;
      await directory.updateUser(user.id, { displayName: 'Changed Since' });
      await expect(directory.resetPassword(user.id, {}, { ifVersion: stale })).rejects.toMatchObject({
        code: 'STALE',
        kind: 'stale',
      });
      await expect(directory.resetPassword(user.id, { password: 'abc' })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        kind: 'validation',
        field: 'password',
        message: 'The password must be 5 to 20 characters long.',
      });
      const invited = await directory.inviteUser({
        ...inviteeFields('noreset'),
        role: 'user',
        expiresInHours: 1,
        sendEmail: false,
      });
      await expect(directory.resetPassword(invited.user.id, {})).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });
});

describe('invitations', () => {
  it('invites a user with a link on this server; a new link ends the old one; the link sets the password', async () => {
    await withRemote(async (directory) => {
      const fields = inviteeFields('invitee');
      const invitation = await directory.inviteUser({
        ...fields,
        role: 'auditor',
        expiresInHours: 48,
        sendEmail: false,
      });
      expect(invitation).toMatchObject({
        user: { ...fields, role: 'auditor', invited: true, enabled: true },
        emailed: false,
        emailError: null,
      });
      expect(invitation.link.startsWith(`${served().server.url}/invite/`)).toBe(true);
      const hours = (Date.parse(invitation.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(47.9);
      expect(hours).toBeLessThanOrEqual(48);

      const resent = await directory.resendInvitation(invitation.user.id, {
        expiresInHours: 2,
        sendEmail: false,
      });
      expect(resent.user.id).toBe(invitation.user.id);
      expect(resent.link).not.toBe(invitation.link);
      expect((await accept(tokenOf(invitation), 'first-link-pw')).status).toBe(404);
      expect((await accept(tokenOf(resent), 'second-link-pw')).status).toBe(204);

      expect(await directory.getUser(invitation.user.id)).toMatchObject({ invited: false });
      await signIn(served().api, fields.username, 'second-link-pw');
      await expect(
        directory.resendInvitation(invitation.user.id, { expiresInHours: 1, sendEmail: false }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  it('says why a link was not mailed when the server has no mail set up', async () => {
    await withRemote(async (directory) => {
      const invitation = await directory.inviteUser({
        ...inviteeFields('nomail'),
        role: 'user',
        expiresInHours: 1,
        sendEmail: true,
      });
      expect(invitation.emailed).toBe(false);
      expect(invitation.emailError).toBe(
        'This instance has no mail server set up: copy the link and send it yourself.',
      );
    });
  });

  it('answers the same invitation to the same Idempotency-Key', async () => {
    await withRemote(async (directory) => {
      const input = { ...inviteeFields('idem'), role: 'user' as const, expiresInHours: 1, sendEmail: false };
      const key = randomUUID();
      const first = await directory.inviteUser(input, { idempotencyKey: key });
      expect(await directory.inviteUser(input, { idempotencyKey: key })).toEqual(first);
    });
  });
});

describe('sessions', () => {
  it('lists a user’s sessions newest first, from where they were used, and ends them all', async () => {
    await withRemote(async (directory) => {
      const user = await createUser(directory);
      expect(await directory.listSessions(user.id)).toEqual([]);
      const first = await signIn(served().api, user.username, user.password);
      await signIn(served().api, user.username, user.password);

      const sessions = await directory.listSessions(user.id);
      expect(sessions).toHaveLength(2);
      const [newest, oldest] = sessions;
      expect(newest?.id).toBeGreaterThan(oldest?.id ?? Infinity);
      for (const session of sessions) {
        expect(session.clientAddress).toMatch(/127\.0\.0\.1$/);
        expect(Date.parse(session.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(session.createdAt));
        expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
      }
      expect((await directory.getUser(user.id)).lastSignInAt).not.toBeNull();

      expect(await directory.endSessions(user.id)).toBe(2);
      expect(await directory.listSessions(user.id)).toEqual([]);
      expect((await served().api.call('GET', '/api/auth/me', { token: first })).status).toBe(401);
      expect(await directory.endSessions(user.id)).toBe(0);
    });
  });

  it('refuses an unknown user', async () => {
    await withRemote(async (directory) => {
      await expect(directory.listSessions(987_654)).rejects.toMatchObject({
        code: 'NOT_FOUND',
        kind: 'not-found',
      });
      await expect(directory.endSessions(987_654)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});

describe('the password policy', () => {
  it('reads and sets it as an Administrator; a User manager reads it and is refused a change', async () => {
    const manager = await withRemote((directory) => createUser(directory, 'userManager'));
    await withRemote(async (directory) => {
      expect(await directory.getPasswordPolicy()).toEqual(DEFAULT_PASSWORD_POLICY);
      const stricter = { minLength: 8, maxLength: 30, require: ['digit' as const], notUsername: true };
      expect(await directory.setPasswordPolicy(stricter)).toEqual(stricter);
      try {
        expect(await directory.getPasswordPolicy()).toEqual(stricter);
        await withRemote(
          async (asManager) => {
            expect(await asManager.getPasswordPolicy()).toEqual(stricter);
            const refused = await asManager
              .setPasswordPolicy(DEFAULT_PASSWORD_POLICY)
              .catch((caught: unknown) => caught);
            expect(refused).toBeInstanceOf(RemoteError);
            expect(refused).toMatchObject({ code: 'FORBIDDEN', kind: 'forbidden' });
          },
          [manager.username, manager.password],
        );
        await expect(
          directory.resetPassword(manager.id, { password: 'no-digits-here' }),
        ).rejects.toMatchObject({
          kind: 'validation',
          message: 'The password must contain a digit.',
        });
        await expect(directory.setPasswordPolicy({ ...stricter, minLength: 31 })).rejects.toMatchObject({
          code: 'INVALID_INPUT',
          kind: 'validation',
          field: 'minLength',
        });
      } finally {
        await directory.setPasswordPolicy(DEFAULT_PASSWORD_POLICY);
      }
    });
  });
});

describe('the status filter', () => {
  it('lists enabled, disabled or Invited users, with the text filter too', async () => {
    await withRemote(async (directory) => {
      const enabled = await createUser(directory);
      const disabled = await createUser(directory, 'user', false);
      const invited = (
        await directory.inviteUser({
          ...inviteeFields('lifecycle'),
          role: 'user',
          expiresInHours: 1,
          sendEmail: false,
        })
      ).user;
      const ids = async (status: 'any' | 'enabled' | 'disabled' | 'invited') => {
        const page = await directory.searchUsers({ query: 'lifecycle', status, offset: 0, limit: 500 });
        expect(page.total).toBe(page.items.length);
        return page.items.map((item) => item.id);
      };
      const mine = (list: number[]) =>
        list.filter((id) => [enabled.id, disabled.id, invited.id].includes(id));
      expect(mine(await ids('any')).sort()).toEqual([enabled.id, disabled.id, invited.id].sort());
      expect(mine(await ids('enabled'))).toEqual([enabled.id]);
      expect(mine(await ids('disabled'))).toEqual([disabled.id]);
      expect(mine(await ids('invited'))).toEqual([invited.id]);
      // Without a text filter, too: every Invited user and nobody else.
      const all = await directory.searchUsers({ query: '', status: 'invited', offset: 0, limit: 500 });
      expect(all.items.every((item) => item.invited)).toBe(true);
      expect(all.items.map((item) => item.id)).toContain(invited.id);
    });
  });

  it('is a users-only filter: a group list and a group’s members ignore it, as the local directory does', async () => {
    await withRemote(async (directory) => {
      const user = await createUser(directory);
      const group = await directory.createGroup(`lifecycle-${process.pid}`);
      await directory.addMembers(group.id, [user.id]);
      const page = { query: 'lifecycle', status: 'disabled' as const, offset: 0, limit: 10 };
      expect((await directory.searchGroups(page)).items.map((item) => item.id)).toEqual([group.id]);
      expect((await directory.groupMembers(group.id, page)).items.map((item) => item.id)).toEqual([user.id]);
    });
  });
});

describe('an account whose password an administrator reset', () => {
  it('may do nothing but change it; then it works with the new one only', async () => {
    const user = await withRemote(async (directory) => {
      const made = await createUser(directory, 'auditor');
      await directory.resetPassword(made.id, { password: 'temporary-2' });
      return made;
    });
    await withRemote(
      async (directory) => {
        await expect(directory.searchUsers({ query: '', offset: 0, limit: 1 })).rejects.toMatchObject({
          code: 'PASSWORD_CHANGE_REQUIRED',
          kind: 'password-change',
        });
        await directory.changeOwnPassword('chosen-pw-2');
      },
      [user.username, 'temporary-2'],
    );
    await withRemote(
      async (directory) => {
        expect((await directory.getUser(user.id)).mustChangePassword).toBe(false);
      },
      [user.username, 'chosen-pw-2'],
    );
    await expect(
      withRemote(
        (directory) => directory.searchUsers({ query: '', offset: 0, limit: 1 }),
        [user.username, 'temporary-2'],
      ),
    ).rejects.toMatchObject({ kind: 'credentials' });
  });
});
