import { afterEach, describe, expect, it } from 'vitest';
import { RosterError, type RosterErrorData } from '../../../shared/contract/errors';
import type { NewInvitation, UserId } from '../../../shared/domain/directory';
import {
  DEFAULT_PASSWORD_POLICY,
  passwordProblem,
  type PasswordPolicy,
} from '../../../shared/domain/passwordPolicy';
import { hasher, newUser } from './support/instanceDb';
import { openTestStorage, STORAGE, type TestStorage } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * An account's life besides its fields, on this run's storage: password resets, invitations and
 * their acceptance, sessions as administrators see them, the password policy and one's own
 * password. What each call wrote is read from the instance's rows behind the directory's back.
 */

const { tempDir } = useTempDirs();

const opened: TestStorage[] = [];
afterEach(async () => {
  for (const storage of opened.splice(0).reverse()) await storage.close();
});

const HOUR_MS = 60 * 60 * 1000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR_MS).toISOString();

async function refusal(call: () => Promise<unknown>): Promise<RosterErrorData> {
  try {
    await call();
  } catch (error) {
    if (error instanceof RosterError) return error.toData();
    throw error;
  }
  throw new Error('Expected a refusal, the call succeeded');
}

interface AuditRow {
  actor: string;
  actor_id: number | null;
  target_id: number | null;
  before: string | null;
  after: string | null;
}

/** A fresh instance with its Administrator, and what its rows say. */
async function freshInstance() {
  const storage = await openTestStorage(tempDir());
  opened.push(storage);
  const { directory, query } = storage;
  const create = async (username: string) => (await directory.createUser(newUser(username))).id;
  const admin = await create('admin');
  const audit = async (action: string) =>
    (
      await query<AuditRow>(
        'SELECT actor, actor_id, target_id, before, after FROM audit_log WHERE action = ? ORDER BY id',
        [action],
      )
    ).map((row) => ({
      ...row,
      before: JSON.parse(row.before ?? 'null') as unknown,
      after: JSON.parse(row.after ?? 'null') as unknown,
    }));
  const passwordHash = async (id: UserId) =>
    (await query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', [id]))[0]
      ?.password_hash ?? '';
  let sessionCount = 0;
  /** A sign-in session of the user as the server would have stored it; its id. */
  const addSession = async (userId: UserId, refreshExpiresAt = inHours(24)) => {
    sessionCount++;
    const [row] = await query<{ id: number }>(
      `INSERT INTO sessions (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at,
         last_used_at, client_address)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        userId,
        `access-${sessionCount}`,
        `refresh-${sessionCount}`,
        inHours(-1),
        inHours(1),
        refreshExpiresAt,
        inHours(-0.5),
        `10.0.0.${sessionCount}`,
      ],
    );
    if (!row) throw new Error('The session was not stored.');
    return row.id;
  };
  const sessionIds = async (userId: UserId) =>
    (await query<{ id: number }>('SELECT id FROM sessions WHERE user_id = ? ORDER BY id', [userId])).map(
      (row) => row.id,
    );
  return { ...storage, admin, create, audit, passwordHash, addSession, sessionIds };
}

const invitation = (username: string, more: Partial<NewInvitation> = {}): NewInvitation => ({
  username,
  displayName: `Invited ${username}`,
  email: `${username}@example.com`,
  role: 'user',
  expiresInHours: 2,
  sendEmail: false,
  ...more,
});

/** The token of a link as a local instance answers it: the path the server will serve it at. */
const tokenOf = (link: string) => {
  expect(link).toMatch(/^\/invite\/[A-Za-z0-9_-]{16,128}$/);
  return link.slice('/invite/'.length);
};

describe(`password resets, on ${STORAGE}`, () => {
  it('a made-up password meets the policy and must be changed; sessions end and the lock clears', async () => {
    const t = await freshInstance();
    const bob = await t.create('bob');
    await t.addSession(bob);
    await t.addSession(bob);
    await t.query('UPDATE users SET failed_logins = 3 WHERE id = ?', [bob]);
    const before = await t.directory.getUser(bob);

    const reset = await t.directory.resetPassword(bob, {});
    expect(passwordProblem(DEFAULT_PASSWORD_POLICY, reset.temporaryPassword, 'bob')).toBeNull();
    expect(reset.user).toMatchObject({ id: bob, mustChangePassword: true });
    expect(reset.user.version).toBeGreaterThan(before.version);
    expect(await hasher.verify(await t.passwordHash(bob), reset.temporaryPassword)).toBe(true);
    expect(await t.sessionIds(bob)).toEqual([]);
    expect(await t.directory.getAccess(bob)).toEqual({ failedLogins: 0, lockedUntil: null });
    expect(await t.audit('user.resetPassword')).toEqual([
      {
        actor: 'test-admin',
        actor_id: null,
        target_id: bob,
        before: null,
        after: { mustChangePassword: true, generated: true, sessionsEnded: 2 },
      },
    ]);
  });

  it("takes the administrator's own password within the policy, at the version read", async () => {
    const t = await freshInstance();
    const bob = await t.create('bob');
    const { version } = await t.directory.getUser(bob);

    expect(await refusal(() => t.directory.resetPassword(bob, { password: 'abc' }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'password',
    });
    expect(
      await refusal(() =>
        t.directory.resetPassword(bob, { password: 'fresh-pw-1' }, { ifVersion: version + 100 }),
      ),
    ).toMatchObject({ code: 'STALE' });
    expect(await t.audit('user.resetPassword')).toEqual([]);

    const reset = await t.directory.resetPassword(bob, { password: 'fresh-pw-1' }, { ifVersion: version });
    expect(reset.temporaryPassword).toBe('fresh-pw-1');
    expect(await hasher.verify(await t.passwordHash(bob), 'fresh-pw-1')).toBe(true);
    expect((await t.audit('user.resetPassword'))[0]?.after).toEqual({
      mustChangePassword: true,
      generated: false,
      sessionsEnded: 0,
    });
    expect(await refusal(() => t.directory.resetPassword(bob + 1000, {}))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'userId',
    });
  });
});

describe(`invitations, on ${STORAGE}`, () => {
  it('the link opens the account until it is accepted, once, with a password the policy allows', async () => {
    const t = await freshInstance();
    const invited = await t.directory.inviteUser(invitation('ivy'));
    expect(invited).toMatchObject({
      user: { username: 'ivy', invited: true, role: 'user' },
      emailed: false,
      emailError: null,
    });
    const token = tokenOf(invited.link);
    expect(await t.directory.invitationFor(token)).toEqual({
      username: 'ivy',
      displayName: 'Invited ivy',
      expiresAt: invited.expiresAt,
    });
    expect(await refusal(() => t.directory.resetPassword(invited.user.id, {}))).toMatchObject({
      code: 'CONFLICT',
      field: 'userId',
      message: 'ivy has not accepted the invitation yet: send a new invite instead.',
    });
    expect(await t.audit('user.invite')).toEqual([
      {
        actor: 'test-admin',
        actor_id: null,
        target_id: invited.user.id,
        before: null,
        after: {
          username: 'ivy',
          displayName: 'Invited ivy',
          email: 'ivy@example.com',
          enabled: true,
          mayResetOwnPassword: true,
          role: 'user',
          invitationExpiresAt: invited.expiresAt,
        },
      },
    ]);

    expect(await refusal(() => t.directory.acceptInvitation(token, 'ivy'))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'password',
    });
    expect(await t.directory.acceptInvitation(token, 'ivy-pass-1')).toEqual({ username: 'ivy' });
    expect(await hasher.verify(await t.passwordHash(invited.user.id), 'ivy-pass-1')).toBe(true);
    expect((await t.directory.getUser(invited.user.id)).invited).toBe(false);
    expect(await t.directory.invitationFor(token)).toBeNull();
    expect(await refusal(() => t.directory.acceptInvitation(token, 'ivy-pass-2'))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'token',
    });
    expect(await t.audit('user.acceptInvitation')).toEqual([
      {
        actor: 'invitation:ivy',
        actor_id: invited.user.id,
        target_id: invited.user.id,
        before: { invited: true },
        after: { invited: false },
      },
    ]);
  });

  it('the same Idempotency-Key answers the same link again; the name is taken for another key', async () => {
    const t = await freshInstance();
    const first = await t.directory.inviteUser(invitation('jo'), { idempotencyKey: 'invite-jo' });
    const users = (await t.counts()).users;
    expect(await t.directory.inviteUser(invitation('jo'), { idempotencyKey: 'invite-jo' })).toEqual(first);
    expect((await t.counts()).users).toBe(users);
    expect(
      await refusal(() => t.directory.inviteUser(invitation('JO'), { idempotencyKey: 'another-key' })),
    ).toMatchObject({ code: 'CONFLICT', field: 'username', message: 'A user named "JO" already exists.' });
    expect(
      await refusal(() => t.directory.inviteUser(invitation('kim'), { idempotencyKey: 'invite-jo' })),
    ).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
    expect((await t.counts()).users).toBe(users);
    expect(await t.audit('user.invite')).toHaveLength(1);
  });

  it('asked to mail without a mail server, the link stands and the answer says why it was not sent', async () => {
    const t = await freshInstance();
    const invited = await t.directory.inviteUser(invitation('lea', { sendEmail: true }));
    expect(invited).toMatchObject({
      emailed: false,
      emailError: 'This instance has no mail server set up: copy the link and send it yourself.',
    });
    expect(await t.directory.mailsInvitations()).toBe(false);
    expect(await t.directory.invitationFor(tokenOf(invited.link))).not.toBeNull();
  });

  it('a new link replaces the old one; a user with a password has none to send; a link runs out', async () => {
    const t = await freshInstance();
    const invited = await t.directory.inviteUser(invitation('max'));
    const resent = await t.directory.resendInvitation(invited.user.id, {
      expiresInHours: 5,
      sendEmail: false,
    });
    expect(resent.link).not.toBe(invited.link);
    expect(await t.directory.invitationFor(tokenOf(invited.link))).toBeNull();
    expect(await t.directory.invitationFor(tokenOf(resent.link))).toMatchObject({ username: 'max' });
    expect(
      await refusal(() => t.directory.acceptInvitation(tokenOf(invited.link), 'max-pass-1')),
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'token',
    });
    expect((await t.audit('user.reinvite')).map((row) => [row.target_id, row.after])).toEqual([
      [invited.user.id, { invitationExpiresAt: resent.expiresAt }],
    ]);
    expect(
      await refusal(() => t.directory.resendInvitation(t.admin, { expiresInHours: 1, sendEmail: false })),
    ).toMatchObject({
      code: 'CONFLICT',
      field: 'userId',
      message: 'admin has a password already: there is no invitation to send.',
    });

    const later = await t.reopen({ now: () => new Date(Date.now() + 6 * HOUR_MS) });
    expect(await later.invitationFor(tokenOf(resent.link))).toBeNull();
    expect(await refusal(() => later.acceptInvitation(tokenOf(resent.link), 'max-pass-1'))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('two processes accepting one link at once: exactly one sets the password', async () => {
    const t = await freshInstance();
    const invited = await t.directory.inviteUser(invitation('ned'));
    const token = tokenOf(invited.link);
    const other = await t.reopen();
    const outcomes = await Promise.allSettled([
      t.directory.acceptInvitation(token, 'ned-first-1'),
      other.acceptInvitation(token, 'ned-second-2'),
    ]);
    const won = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes[1 - won];
    expect(lost?.status === 'rejected' && lost.reason instanceof RosterError && lost.reason.code).toBe(
      'NOT_FOUND',
    );
    const hash = await t.passwordHash(invited.user.id);
    expect(await hasher.verify(hash, won === 0 ? 'ned-first-1' : 'ned-second-2')).toBe(true);
    expect(await t.audit('user.acceptInvitation')).toHaveLength(1);
  });

  it('the same Idempotency-Key sent to two processes at once: one user, one link', async () => {
    const t = await freshInstance();
    const other = await t.reopen();
    const answers = await Promise.all([
      t.directory.inviteUser(invitation('ola'), { idempotencyKey: 'twice' }),
      other.inviteUser(invitation('ola'), { idempotencyKey: 'twice' }),
    ]);
    expect(answers[1]).toEqual(answers[0]);
    expect(await t.query('SELECT id FROM users WHERE username = ?', ['ola'])).toHaveLength(1);
    expect(await t.audit('user.invite')).toHaveLength(1);
  });
});

describe(`sessions, on ${STORAGE}`, () => {
  it('lists the ones that can still be refreshed, newest first; ending them all is audited once', async () => {
    const t = await freshInstance();
    const bob = await t.create('bob');
    const older = await t.addSession(bob);
    await t.addSession(bob, inHours(-1));
    const newer = await t.addSession(bob);
    const others = await t.addSession(t.admin);

    const listed = await t.directory.listSessions(bob);
    expect(listed.map((session) => session.id)).toEqual([newer, older]);
    expect(listed[1]).toEqual({
      id: older,
      createdAt: expect.any(String) as string,
      lastUsedAt: expect.any(String) as string,
      clientAddress: '10.0.0.1',
      expiresAt: expect.any(String) as string,
    });

    expect(await t.directory.endSessions(bob)).toBe(3);
    expect(await t.sessionIds(bob)).toEqual([]);
    expect(await t.sessionIds(t.admin)).toEqual([others]);
    expect(await t.directory.endSessions(bob)).toBe(0);
    expect(await t.audit('user.endSessions')).toEqual([
      { actor: 'test-admin', actor_id: null, target_id: bob, before: null, after: { sessionsEnded: 3 } },
    ]);
    expect(await refusal(() => t.directory.listSessions(bob + 1000))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'userId',
    });
  });

  it("a User manager may not end an Administrator's sessions", async () => {
    const t = await freshInstance();
    const session = await t.addSession(t.admin);
    const manager = await t.reopen({ callerRole: () => 'userManager' });
    expect(await refusal(() => manager.endSessions(t.admin))).toMatchObject({
      code: 'FORBIDDEN',
      field: 'userId',
    });
    expect(await t.sessionIds(t.admin)).toEqual([session]);
  });
});

describe(`the password policy, on ${STORAGE}`, () => {
  const strict: PasswordPolicy = { minLength: 8, maxLength: 64, require: ['digit'], notUsername: true };

  it('an Administrator sets it, new passwords meet it, and only a change is audited', async () => {
    const t = await freshInstance();
    expect(await t.directory.getPasswordPolicy()).toEqual(DEFAULT_PASSWORD_POLICY);
    expect(await t.directory.setPasswordPolicy(strict)).toEqual(strict);
    expect(await t.directory.getPasswordPolicy()).toEqual(strict);
    expect(await t.directory.setPasswordPolicy(strict)).toEqual(strict);
    expect(await t.audit('instance.passwordPolicy')).toEqual([
      {
        actor: 'test-admin',
        actor_id: null,
        target_id: null,
        before: { minLength: 5, maxLength: 20, require: [] },
        after: { minLength: 8, maxLength: 64, require: ['digit'] },
      },
    ]);

    expect(
      await refusal(() => t.directory.createUser({ ...newUser('pat'), password: 'no-digits' })),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });
    const bob = await t.directory.createUser({ ...newUser('bob'), password: 'digits-123' });
    const reset = await t.directory.resetPassword(bob.id, {});
    expect(passwordProblem(strict, reset.temporaryPassword, 'bob')).toBeNull();

    const manager = await t.reopen({ callerRole: () => 'userManager' });
    expect(await refusal(() => manager.setPasswordPolicy(DEFAULT_PASSWORD_POLICY))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await t.directory.getPasswordPolicy()).toEqual(strict);
  });

  it('a damaged policy is refused when read, and setting it again repairs it', async () => {
    const t = await freshInstance();
    await t.directory.setPasswordPolicy(strict);
    await t.query('UPDATE instance_settings SET value = ? WHERE name = ?', [
      '{"minLength": "eight"}',
      'passwordPolicy',
    ]);
    expect(await refusal(() => t.directory.getPasswordPolicy())).toMatchObject({ code: 'BAD_FILE' });
    expect(await t.directory.setPasswordPolicy(strict)).toEqual(strict);
    expect((await t.audit('instance.passwordPolicy'))[1]?.before).toMatchObject({ damaged: true });
  });
});

describe(`one's own password, on ${STORAGE}`, () => {
  it('when allowed, within the policy: the other sessions end, the one it is set through goes on', async () => {
    const t = await freshInstance();
    const bob = await t.create('bob');
    const own = await t.addSession(bob);
    await t.addSession(bob);
    await t.addSession(bob);
    const asBob = await t.reopen({ actor: 'bob', callerUserId: () => bob, callerSessionId: () => own });

    expect(await refusal(() => asBob.setOwnPassword('bob'))).toMatchObject({ code: 'INVALID_INPUT' });
    await asBob.setOwnPassword('bob-new-pw1');
    expect(await hasher.verify(await t.passwordHash(bob), 'bob-new-pw1')).toBe(true);
    expect(await t.sessionIds(bob)).toEqual([own]);
    expect(await t.audit('user.ownPassword')).toEqual([
      {
        actor: 'bob',
        actor_id: bob,
        target_id: bob,
        before: null,
        after: { passwordChanged: true, sessionsEnded: 2 },
      },
    ]);
  });

  it('refused when an administrator does not allow it, unless the user must change it', async () => {
    const t = await freshInstance();
    const bob = await t.create('bob');
    await t.directory.updateUser(bob, { mayResetOwnPassword: false });
    const asBob = await t.reopen({ actor: 'bob', callerUserId: () => bob });
    expect(await refusal(() => asBob.setOwnPassword('bob-new-pw1'))).toMatchObject({
      code: 'FORBIDDEN',
      field: 'newPassword',
      message: 'An administrator has not allowed bob to change their own password.',
    });

    await t.directory.resetPassword(bob, { password: 'temporary-1' });
    await asBob.setOwnPassword('bob-new-pw2');
    expect(await hasher.verify(await t.passwordHash(bob), 'bob-new-pw2')).toBe(true);
    expect((await t.directory.getUser(bob)).mustChangePassword).toBe(false);
    expect((await t.audit('user.ownPassword')).map((row) => [row.before, row.after])).toEqual([
      [{ mustChangePassword: true }, { mustChangePassword: false, passwordChanged: true, sessionsEnded: 0 }],
    ]);
  });
});
