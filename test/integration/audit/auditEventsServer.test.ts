import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedTokens } from '../../../shared/api/auth';
import type { CreatedApiKey } from '../../../shared/domain/apiKeys';
import type {
  GroupSummary,
  Invitation,
  PasswordResetResult,
  TokenPair,
  UserDetail,
} from '../../../shared/domain/directory';
import { ADMIN } from '../server/support/instanceFile';
import { startLocalServer, type LocalServer } from '../server/support/localServer';
import { eventRows, expectNoSecretIn, expectOne } from './support/eventRows';

/**
 * The instance server over real HTTP on 127.0.0.1: every change made through the API leaves
 * exactly one entry by the signed-in account (`api:<username>`, its id) from the client's address,
 * and every sign-in event leaves its own: success, each kind of failure with why, the lock, the
 * unlock, refreshes, a replayed refresh token, sign-out and ended sessions. No password, token or
 * key value reaches the file.
 */

const ADDRESS = '127.0.0.1';
const MAX_FAILURES = 3;

let server: LocalServer;
let rows: ReturnType<typeof eventRows>;
let admin: { id: number; token: string };
const secrets: string[] = [ADMIN.password];

/** The entry fields of a change made by the first administrator through the API. */
const byAdmin = () => ({ actor: `api:${ADMIN.username}`, actor_id: admin.id, source: ADDRESS });

beforeAll(async () => {
  server = await startLocalServer({
    lockout: { maxFailures: MAX_FAILURES, lockMs: 60 * 60_000 },
    addressLimit: { maxFailures: 1000, windowMs: 60_000 },
  });
  const signedIn = await signIn(ADMIN.username, ADMIN.password);
  const me = await call<{ id: number }>('GET', '/api/auth/me', signedIn.accessToken);
  admin = { id: me.id, token: signedIn.accessToken };
  rows = eventRows(server.observer.db);
});

afterAll(async () => {
  expectNoSecretIn(server.file, secrets);
  await server.close();
});

async function call<T>(method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const answer = await server.api.call<T>(method, path, { ...(token === undefined ? {} : { token }), body });
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  return answer.body;
}

const asAdmin = <T>(method: string, path: string, body?: unknown) => call<T>(method, path, admin.token, body);

async function signIn(username: string, password: string): Promise<IssuedTokens> {
  const tokens = await call<IssuedTokens>('POST', '/api/auth/token', undefined, { username, password });
  secrets.push(tokens.accessToken, tokens.refreshToken);
  return tokens;
}

const failSignIn = async (username: string, password: string) => {
  const answer = await server.api.call('POST', '/api/auth/token', { body: { username, password } });
  expect(answer.status).toBe(401);
};

let counter = 0;
async function newUser(role = 'user'): Promise<UserDetail & { password: string }> {
  counter += 1;
  const username = `ev${counter}`;
  const password = `Ev-pass-${counter}x`;
  secrets.push(password);
  const user = await asAdmin<UserDetail>('POST', '/api/users', {
    username,
    password,
    displayName: `Event ${counter}`,
    email: `${username}@example.com`,
    role,
  });
  rows.next();
  return { ...user, password };
}

describe('sign-in events', () => {
  it('a sign-in: by the account itself, from its address', async () => {
    const user = await newUser();
    await signIn(user.username, user.password);
    expectOne(rows.next(), {
      actor: `api:${user.username}`,
      actor_id: user.id,
      source: ADDRESS,
      action: 'signIn.success',
      target_type: 'user',
      target_id: user.id,
      target_name: user.username,
    });
  });

  it('each failure says why; the one that locks the account says so too; the unlock is by the admin', async () => {
    const user = await newUser();
    const byAddress = { actor: `login from ${ADDRESS}`, actor_id: null, source: ADDRESS };

    await failSignIn('nobody-here', 'Wrong-guess-1');
    secrets.push('Wrong-guess-1');
    expectOne(rows.next(), {
      ...byAddress,
      action: 'signIn.failure',
      target_type: 'user',
      target_id: null,
      target_name: 'nobody-here',
      detail: 'Sign-in: there is no user of that name.',
    });

    for (let attempt = 1; attempt < MAX_FAILURES; attempt++) {
      await failSignIn(user.username, 'Wrong-guess-2');
      expectOne(rows.next(), {
        ...byAddress,
        action: 'signIn.failure',
        target_id: user.id,
        target_name: user.username,
        detail: 'Sign-in: wrong password.',
      });
    }
    await failSignIn(user.username, 'Wrong-guess-2');
    secrets.push('Wrong-guess-2');
    const locking = rows.next();
    expect(locking.map((row) => row.action)).toEqual(['signIn.failure', 'user.lock']);
    const lockedUntil = server.observer.account(user.username)?.locked_until;
    expect(locking[1]).toMatchObject({
      ...byAddress,
      target_id: user.id,
      target_name: user.username,
      after: { failedLogins: MAX_FAILURES, lockedUntil },
    });

    await failSignIn(user.username, user.password);
    expectOne(rows.next(), {
      ...byAddress,
      action: 'signIn.failure',
      target_id: user.id,
      detail: `Sign-in: the account is locked until ${lockedUntil ?? ''}.`,
    });

    await asAdmin('POST', `/api/users/${user.id}/unlock`);
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.unlock',
      target_id: user.id,
      target_name: user.username,
      before: { failedLogins: MAX_FAILURES, lockedUntil },
      after: { failedLogins: 0, lockedUntil: null },
    });

    await asAdmin('POST', `/api/users/${user.id}/disable`);
    rows.next();
    await failSignIn(user.username, user.password);
    expectOne(rows.next(), {
      ...byAddress,
      action: 'signIn.failure',
      target_id: user.id,
      detail: 'Sign-in: the account is disabled.',
    });

    const apiUser = await newUser('apiUser');
    await failSignIn(apiUser.username, apiUser.password);
    expectOne(rows.next(), {
      action: 'signIn.failure',
      target_id: apiUser.id,
      detail: 'Sign-in: an API user signs in with tokens only.',
    });
  });

  it('refresh, a replayed refresh token (its session ended), sign-out, ended sessions', async () => {
    const user = await newUser();
    const account = { actor: `api:${user.username}`, actor_id: user.id, source: ADDRESS, target_id: user.id };
    const first = await signIn(user.username, user.password);
    rows.next();
    const refreshed = await call<IssuedTokens>('POST', '/api/auth/refresh', undefined, {
      refreshToken: first.refreshToken,
    });
    secrets.push(refreshed.accessToken, refreshed.refreshToken);
    expectOne(rows.next(), {
      ...account,
      action: 'signIn.refresh',
      detail: 'The sign-in session was refreshed.',
    });

    const replayed = await server.api.call('POST', '/api/auth/refresh', {
      body: { refreshToken: first.refreshToken },
    });
    expect(replayed.status).toBe(401);
    expectOne(rows.next(), {
      actor: `login from ${ADDRESS}`,
      actor_id: null,
      source: ADDRESS,
      action: 'signIn.refreshReuse',
      target_id: user.id,
      target_name: user.username,
      detail: 'A refresh token was presented again after it was used: its sign-in session was ended.',
    });
    expect((await server.api.call('GET', '/api/auth/me', { token: refreshed.accessToken })).status).toBe(401);

    const second = await signIn(user.username, user.password);
    rows.next();
    await call('POST', '/api/auth/logout', second.accessToken);
    expectOne(rows.next(), { ...account, action: 'signIn.signOut' });

    await signIn(user.username, user.password);
    await signIn(user.username, user.password);
    rows.next();
    await asAdmin('DELETE', `/api/users/${user.id}/sessions`);
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.endSessions',
      target_id: user.id,
      target_name: user.username,
      after: { sessionsEnded: 2 },
    });
    await asAdmin('DELETE', `/api/users/${user.id}/sessions`);
    expect(rows.next(), 'no session left to end').toEqual([]);
  });

  it('a token revoked at /oauth/revoke: by its holder', async () => {
    const user = await newUser();
    const tokens = await signIn(user.username, user.password);
    rows.next();
    const revoked = await server.api.call('POST', '/oauth/revoke', {
      raw: new URLSearchParams({ token: tokens.refreshToken }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(revoked.status).toBe(200);
    expectOne(rows.next(), {
      actor: `api:${user.username}`,
      actor_id: user.id,
      source: ADDRESS,
      action: 'signIn.signOut',
      target_id: user.id,
      detail: 'Ended with one of its tokens (OAuth revocation).',
    });
  });
});

describe('changes through the API', () => {
  it('users: create, update, disable, password, role, groups, reset, delete — by the admin, from its address', async () => {
    const created = await asAdmin<UserDetail>('POST', '/api/users', {
      username: 'cleo',
      password: 'Cleo-first-pw',
      displayName: 'Cleo',
      email: 'cleo@example.com',
    });
    secrets.push('Cleo-first-pw');
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.create',
      target_type: 'user',
      target_id: created.id,
      target_name: 'cleo',
      after: { username: 'cleo', displayName: 'Cleo', role: 'user', enabled: true },
    });

    await asAdmin('PATCH', `/api/users/${created.id}`, { email: 'cleo@example.org' });
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.update',
      before: { email: 'cleo@example.com' },
      after: { email: 'cleo@example.org' },
    });

    await asAdmin('POST', `/api/users/${created.id}/disable`);
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.disable',
      before: { enabled: true },
      after: { enabled: false },
    });
    await asAdmin('POST', `/api/users/${created.id}/enable`);
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.enable',
      before: { enabled: false },
      after: { enabled: true },
    });

    await signIn('cleo', 'Cleo-first-pw');
    rows.next();
    await asAdmin('PUT', `/api/users/${created.id}/password`, { password: 'Cleo-second-pw' });
    secrets.push('Cleo-second-pw');
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.update',
      target_id: created.id,
      before: {},
      after: { passwordChanged: true, sessionsEnded: 1 },
    });

    await asAdmin('PUT', `/api/users/${created.id}/role`, { role: 'auditor' });
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.role',
      before: { role: 'user' },
      after: { role: 'auditor' },
    });

    const group = await asAdmin<GroupSummary>('POST', '/api/groups', { name: 'Night shift' });
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'group.create',
      target_type: 'group',
      target_id: group.id,
      target_name: 'Night shift',
    });
    await asAdmin('PUT', `/api/users/${created.id}/groups`, { groupIds: [group.id] });
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.groups',
      target_id: created.id,
      before: { groups: [] },
      after: { groups: ['Night shift'] },
    });
    await asAdmin('PATCH', `/api/groups/${group.id}`, { name: 'Day shift' });
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'group.update',
      target_name: 'Day shift',
      before: { name: 'Night shift' },
      after: { name: 'Day shift' },
    });
    await asAdmin('POST', `/api/groups/${group.id}/members/delete`, { userIds: [created.id] });
    expectOne(rows.next(), { ...byAdmin(), action: 'group.removeMembers', after: { removed: ['cleo'] } });
    await asAdmin('DELETE', `/api/groups/${group.id}`);
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'group.delete',
      target_id: group.id,
      target_name: 'Day shift',
    });

    const reset = await asAdmin<PasswordResetResult>('POST', `/api/users/${created.id}/password-reset`, {});
    secrets.push(reset.temporaryPassword);
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.resetPassword',
      target_id: created.id,
      after: { mustChangePassword: true, generated: true },
    });

    await asAdmin('DELETE', `/api/users/${created.id}`);
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.delete',
      target_id: created.id,
      target_name: 'cleo',
    });
  });

  it('one’s own profile and password: by the account, its other sessions ended in the same entry', async () => {
    const user = await newUser();
    await asAdmin('PATCH', `/api/users/${user.id}`, { mayResetOwnPassword: true });
    const own = await signIn(user.username, user.password);
    await signIn(user.username, user.password);
    rows.next();
    const account = { actor: `api:${user.username}`, actor_id: user.id, source: ADDRESS, target_id: user.id };

    await call('PATCH', '/api/me', own.accessToken, { displayName: 'Myself' });
    expectOne(rows.next(), {
      ...account,
      action: 'user.updateOwn',
      before: { displayName: user.displayName },
      after: { displayName: 'Myself' },
    });

    const wrong = await server.api.call('PUT', '/api/me/password', {
      token: own.accessToken,
      body: { currentPassword: 'Not-my-password', newPassword: 'Own-new-pass1' },
    });
    expect(wrong.status).toBe(401);
    secrets.push('Not-my-password', 'Own-new-pass1');
    expectOne(rows.next(), {
      actor: `login from ${ADDRESS}`,
      action: 'signIn.failure',
      target_id: user.id,
      detail: 'Current password, to change it: wrong password.',
    });

    await call('PUT', '/api/me/password', own.accessToken, {
      currentPassword: user.password,
      newPassword: 'Own-new-pass1',
    });
    expectOne(rows.next(), {
      ...account,
      action: 'user.ownPassword',
      after: { passwordChanged: true, sessionsEnded: 1 },
    });
    expect((await server.api.call('GET', '/api/auth/me', { token: own.accessToken })).status).toBe(200);
  });

  it('invitations (invite, re-send, accept from the link), tokens and keys, the password policy', async () => {
    const invited = await asAdmin<Invitation>('POST', '/api/invitations', {
      username: 'ines',
      displayName: 'Ines',
      email: 'ines@example.com',
      sendEmail: false,
    });
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.invite',
      target_id: invited.user.id,
      target_name: 'ines',
    });
    const again = await asAdmin<Invitation>('POST', `/api/users/${invited.user.id}/invitation`, {
      sendEmail: false,
    });
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'user.reinvite',
      after: { invitationExpiresAt: again.expiresAt },
    });
    const token = again.link.slice(again.link.lastIndexOf('/') + 1);
    secrets.push(token, invited.link.slice(invited.link.lastIndexOf('/') + 1), 'Ines-chosen-pw');
    await call('POST', '/api/invitations/accept', undefined, { token, password: 'Ines-chosen-pw' });
    expectOne(rows.next(), {
      actor: 'invitation:ines',
      actor_id: invited.user.id,
      source: ADDRESS,
      action: 'user.acceptInvitation',
      target_id: invited.user.id,
      before: { invited: true },
      after: { invited: false },
    });

    const pair = await asAdmin<TokenPair>('POST', `/api/users/${invited.user.id}/tokens`);
    secrets.push(pair.accessToken, pair.refreshToken);
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'token.generate',
      target_id: invited.user.id,
      after: { createdAt: pair.createdAt, accessExpiresAt: pair.accessExpiresAt },
    });
    const refreshed = await call<IssuedTokens>('POST', '/api/auth/refresh', undefined, {
      refreshToken: pair.refreshToken,
    });
    secrets.push(refreshed.accessToken, refreshed.refreshToken);
    expectOne(rows.next(), {
      actor: 'api:ines',
      action: 'signIn.refresh',
      detail: 'The generated token pair was refreshed.',
    });
    await asAdmin('DELETE', `/api/users/${invited.user.id}/tokens`);
    expectOne(rows.next(), { ...byAdmin(), action: 'token.revoke', target_id: invited.user.id });

    const key = await asAdmin<CreatedApiKey>('POST', `/api/users/${invited.user.id}/keys`, {
      name: 'ci',
      scope: 'read',
      expiresInDays: 7,
    });
    secrets.push(key.value);
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'apiKey.create',
      after: { keyId: key.key.id, name: 'ci', scope: 'read', expiresAt: key.key.expiresAt },
    });
    const revoked = await server.api.call('POST', '/oauth/revoke', {
      raw: new URLSearchParams({ token: key.value }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(revoked.status).toBe(200);
    expectOne(rows.next(), {
      actor: 'api:ines',
      actor_id: invited.user.id,
      source: ADDRESS,
      action: 'apiKey.revoke',
      before: { keyId: key.key.id, name: 'ci' },
    });

    const policy = await asAdmin<{ minLength: number }>('GET', '/api/settings/password-policy');
    await asAdmin('PUT', '/api/settings/password-policy', { ...policy, minLength: 6 });
    expectOne(rows.next(), {
      ...byAdmin(),
      action: 'instance.passwordPolicy',
      target_type: 'instance',
      target_id: null,
      before: { minLength: policy.minLength },
      after: { minLength: 6 },
    });
  });
});
