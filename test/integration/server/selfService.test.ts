import { describe, expect, it } from 'vitest';
import type { UserDetail } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import { signIn, type ApiError } from './support/api';
import { newUserFields, useServedInstance } from './support/servedInstance';

/**
 * Self-service through a real server process: every signed-in account reads and changes its own
 * profile and password at /api/me, whatever its role, and nothing more.
 */

const served = useServedInstance();

const call = <T = unknown>(...args: Parameters<ReturnType<typeof served>['api']['call']>) =>
  served().api.call<T>(...args);

/** A new account with `role`, signed in. */
async function account(role: Role = 'user') {
  const fields = { ...newUserFields('self'), role };
  const made = await call<UserDetail>('POST', '/api/users', { token: served().adminToken, body: fields });
  expect(made.status).toBe(201);
  return { ...fields, id: made.body.id, token: await signIn(served().api, fields.username, fields.password) };
}

const failedLogins = (username: string) => served().observer.account(username)?.failed_logins;

describe('GET and PATCH /api/me', () => {
  it('answers the caller their own user, with an ETag, for a User who may read no one else', async () => {
    const user = await account();
    const own = await call<UserDetail>('GET', '/api/me', { token: user.token });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: user.id, username: user.username, role: 'user' });
    expect(own.headers.get('etag')).toBe(`"${own.body.version}"`);
    expect((await call('GET', `/api/users/${user.id}`, { token: user.token })).status).toBe(403);
  });

  it('changes the display name and email, in the audit log as the caller, and nothing else', async () => {
    const user = await account('auditor');
    const changed = await call<UserDetail>('PATCH', '/api/me', {
      token: user.token,
      body: { displayName: 'Own Name', email: 'own@example.com' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      displayName: 'Own Name',
      email: 'own@example.com',
      role: 'auditor',
    });
    const entry = served().observer.audit('user.updateOwn').at(-1);
    expect(entry).toMatchObject({ actor: `api:${user.username}`, target_id: user.id });
    expect(JSON.parse(entry?.after ?? '{}')).toMatchObject({ displayName: 'Own Name' });
  });

  it('refuses the fields only an administrator may change, and a stale If-Match, writing nothing', async () => {
    const user = await account();
    const before = served().observer.state();
    for (const body of [
      { enabled: false },
      { role: 'administrator' },
      { password: 'new-pw-123' },
      { username: 'x' },
    ]) {
      const refused = await call<ApiError>('PATCH', '/api/me', { token: user.token, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.code).toBe('INVALID_INPUT');
    }
    const own = await call<UserDetail>('GET', '/api/me', { token: user.token });
    const stale = await call<ApiError>('PATCH', '/api/me', {
      token: user.token,
      body: { displayName: 'Too Late' },
      headers: { 'If-Match': `"${own.body.version - 1}"` },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'STALE', currentVersion: own.body.version });
    expect(served().observer.state()).toEqual(before);
  });

  it('needs a signed-in caller', async () => {
    expect((await call('GET', '/api/me')).status).toBe(401);
    expect((await call('PATCH', '/api/me', { body: { displayName: 'Nobody' } })).status).toBe(401);
  });
});

describe('PUT /api/me/password', () => {
  it('with the current password, sets the new one and ends the caller’s other sessions, not this one', async () => {
    const user = await account();
    const other = await signIn(served().api, user.username, user.password);
    const answer = await call('PUT', '/api/me/password', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'brand-new-pw' },
    });
    expect(answer.status).toBe(204);
    expect((await call('GET', '/api/auth/me', { token: user.token })).status).toBe(200);
    expect((await call('GET', '/api/auth/me', { token: other })).status).toBe(401);
    const old = await call('POST', '/api/auth/token', {
      body: { username: user.username, password: user.password },
    });
    expect(old.status).toBe(401);
    await signIn(served().api, user.username, 'brand-new-pw');
    const entry = served().observer.audit('user.ownPassword').at(-1);
    expect(entry?.actor).toBe(`api:${user.username}`);
    expect(`${entry?.before ?? ''}${entry?.after ?? ''}`).not.toContain('brand-new-pw');
  });

  it('with a wrong current password: 401, counted as a failed sign-in, and nothing changes', async () => {
    const user = await account();
    const wrong = await call<ApiError>('PUT', '/api/me/password', {
      token: user.token,
      body: { currentPassword: 'not-my-password', newPassword: 'brand-new-pw' },
    });
    expect(wrong.status).toBe(401);
    expect(failedLogins(user.username)).toBe(1);
    await signIn(served().api, user.username, user.password);
  });

  it('keeps to the password rules', async () => {
    const user = await account();
    const short = await call<ApiError>('PUT', '/api/me/password', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'abc' },
    });
    expect(short.status).toBe(400);
    expect(short.body.field).toBe('newPassword');
    await signIn(served().api, user.username, user.password);
  });
});
