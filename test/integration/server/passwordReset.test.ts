import { describe, expect, it } from 'vitest';
import type { IssuedTokens } from '../../../shared/api/auth';
import type { Invitation, PasswordResetResult, UserDetail } from '../../../shared/domain/directory';
import {
  DEFAULT_PASSWORD_POLICY,
  passwordProblem,
  type PasswordPolicy,
} from '../../../shared/domain/passwordPolicy';
import type { Role } from '../../../shared/domain/roles';
import { signIn, type ApiError, type CallOptions } from './support/api';
import { ADMIN } from './support/instanceFile';
import { newUserFields, useServedInstance } from './support/servedInstance';

/**
 * Password resets through a real server process: an administrator sets a temporary password
 * (generated, or typed), the user's sessions end, and until the user picks a new password the
 * server answers every call but the password change itself with 403 PASSWORD_CHANGE_REQUIRED.
 */

const served = useServedInstance();
const admin = () => served().adminToken;

const call = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  served().api.call<T>(method, path, options);
const asAdmin = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  call<T>(method, path, { token: admin(), ...options });

/** Every password this file sends: the last test looks for each of them in the audit log. */
const secrets = new Set<string>([ADMIN.password]);

/** A new account with `role`, signed in. */
async function account(role: Role = 'user') {
  const fields = { ...newUserFields('reset'), role };
  secrets.add(fields.password);
  const made = await asAdmin<UserDetail>('POST', '/api/users', { body: fields });
  expect(made.status).toBe(201);
  return { ...fields, id: made.body.id, token: await signIn(served().api, fields.username, fields.password) };
}

async function reset(id: number, options: CallOptions = {}) {
  const answer = await asAdmin<PasswordResetResult & ApiError>(
    'POST',
    `/api/users/${id}/password-reset`,
    options,
  );
  if (answer.status === 200) secrets.add(answer.body.temporaryPassword);
  return answer;
}

const login = (username: string, password: string) =>
  call<IssuedTokens & ApiError>('POST', '/api/auth/token', { body: { username, password } });

const changeOwn = (token: string, currentPassword: string, newPassword: string) => {
  secrets.add(newPassword);
  return call<ApiError>('PUT', '/api/me/password', { token, body: { currentPassword, newPassword } });
};

const setPolicy = (policy: PasswordPolicy) =>
  asAdmin<PasswordPolicy>('PUT', '/api/settings/password-policy', { body: policy });

describe('POST /api/users/{userId}/password-reset', () => {
  it('generates a temporary password that meets the policy, shown in this answer only', async () => {
    const strict: PasswordPolicy = {
      minLength: 12,
      maxLength: 24,
      require: ['lower', 'upper', 'digit', 'symbol'],
      notUsername: true,
    };
    // Made under the default policy, which its password was written for.
    const user = await account();
    expect((await setPolicy(strict)).status).toBe(200);
    try {
      const generated = new Set<string>();
      // Drawn at random: every one of a few draws must meet the policy, each different from the others.
      for (let draw = 0; draw < 5; draw++) {
        const answer = await reset(user.id);
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        const { temporaryPassword } = answer.body;
        expect(passwordProblem(strict, temporaryPassword, user.username), temporaryPassword).toBeNull();
        expect(answer.body.user).toMatchObject({ id: user.id, mustChangePassword: true });
        generated.add(temporaryPassword);
      }
      expect(generated.size).toBe(5);
      const last = [...generated].at(-1) ?? '';

      const one = await asAdmin('GET', `/api/users/${user.id}`);
      const list = await asAdmin('GET', `/api/users?q=${user.username}`);
      for (const read of [one, list]) {
        expect(read.status).toBe(200);
        for (const password of generated) expect(JSON.stringify(read.body)).not.toContain(password);
      }
      expect(one.body).toMatchObject({ mustChangePassword: true });
      expect((await login(user.username, last)).status).toBe(200);
    } finally {
      expect((await setPolicy(DEFAULT_PASSWORD_POLICY)).status).toBe(200);
    }
  });

  it('uses a typed temporary password as given; one the policy refuses is 400 and changes nothing', async () => {
    const user = await account();
    const before = (await asAdmin<UserDetail>('GET', `/api/users/${user.id}`)).body;
    const refused = await reset(user.id, { body: { password: 'abc' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });
    expect((await asAdmin('GET', `/api/users/${user.id}`)).body).toEqual(before);
    expect((await call('GET', '/api/auth/me', { token: user.token })).status).toBe(200);

    const typed = 'Typed-temp-7';
    const answer = await reset(user.id, { body: { password: typed } });
    expect(answer.status).toBe(200);
    expect(answer.body.temporaryPassword).toBe(typed);
    expect((await login(user.username, user.password)).status).toBe(401);
    expect((await login(user.username, typed)).body.passwordChangeRequired).toBe(true);
  });

  it("ends the user's sessions, access and refresh tokens alike, and clears a lock", async () => {
    const user = await account();
    const other = (await login(user.username, user.password)).body;
    for (let attempt = 0; attempt < 5; attempt++) await login(user.username, 'not-the-password');
    expect(served().observer.account(user.username)?.locked_until).not.toBeNull();
    expect((await login(user.username, user.password)).status, 'locked').toBe(401);

    const answer = await reset(user.id);
    expect(answer.status).toBe(200);
    for (const token of [user.token, other.accessToken])
      expect((await call('GET', '/api/auth/me', { token })).status).toBe(401);
    const refreshed = await call('POST', '/api/auth/refresh', { body: { refreshToken: other.refreshToken } });
    expect(refreshed.status).toBe(401);
    expect(served().observer.account(user.username)).toMatchObject({ failed_logins: 0, locked_until: null });
    expect((await login(user.username, answer.body.temporaryPassword)).status).toBe(200);
  });
});

describe('the forced password change', () => {
  it('lets the temporary password sign in, then allows only the change, logout and the policy until then', async () => {
    // A User manager: every blocked route below would answer it 200 otherwise.
    const user = await account('userManager');
    const temporary = (await reset(user.id)).body.temporaryPassword;
    const signedIn = await login(user.username, temporary);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.passwordChangeRequired).toBe(true);
    const token = signedIn.body.accessToken;

    // Each with what it answers once the password is changed: the user has no API token (404), and a
    // User manager may not make one for its own rank (403 FORBIDDEN).
    const blocked: [method: string, path: string, after: number, body?: unknown][] = [
      ['GET', '/api/auth/me', 200],
      ['GET', '/api/users', 200],
      ['GET', `/api/users/${user.id}`, 200],
      ['GET', '/api/me', 200],
      ['PATCH', '/api/me', 200, { displayName: 'Changed Later' }],
      ['GET', `/api/users/${user.id}/tokens`, 404],
      ['POST', `/api/users/${user.id}/tokens`, 403, {}],
      ['GET', '/api/groups', 200],
    ];
    const before = served().observer.state();
    for (const [method, path, , body] of blocked) {
      const answer = await call<ApiError>(method, path, { token, ...(body === undefined ? {} : { body }) });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body.code, `${method} ${path}`).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    expect(served().observer.state(), 'the refusals wrote nothing').toEqual(before);

    expect((await call('GET', '/api/settings/password-policy', { token })).status).toBe(200);
    // A refresh keeps the account where it is: its new token is as limited.
    const refreshed = await call<IssuedTokens>('POST', '/api/auth/refresh', {
      body: { refreshToken: signedIn.body.refreshToken },
    });
    expect(refreshed.body.passwordChangeRequired).toBe(true);
    const current = refreshed.body.accessToken;
    expect((await call<ApiError>('GET', '/api/me', { token: current })).body.code).toBe(
      'PASSWORD_CHANGE_REQUIRED',
    );
    const spare = (await login(user.username, temporary)).body.accessToken;
    expect((await call('POST', '/api/auth/logout', { token: spare })).status).toBe(204);

    // The new password is still held to the policy, and a refused one leaves the change pending.
    const short = await changeOwn(current, temporary, 'abc');
    expect(short.status).toBe(400);
    expect((await call<ApiError>('GET', '/api/me', { token: current })).body.code).toBe(
      'PASSWORD_CHANGE_REQUIRED',
    );

    const chosen = 'Chosen-after-reset-1';
    expect((await changeOwn(current, temporary, chosen)).status).toBe(204);
    for (const [method, path, after, body] of blocked) {
      const answer = await call(method, path, { token: current, ...(body === undefined ? {} : { body }) });
      expect(answer.status, `${method} ${path} after the change`).toBe(after);
      expect(JSON.stringify(answer.body ?? '')).not.toContain('PASSWORD_CHANGE_REQUIRED');
    }
    expect((await call<UserDetail>('GET', '/api/me', { token: current })).body.mustChangePassword).toBe(
      false,
    );
    expect((await login(user.username, temporary)).status).toBe(401);
    expect((await login(user.username, chosen)).body.passwordChangeRequired).toBe(false);
  });
});

describe('who may reset, and when', () => {
  it('a User manager may reset a User, not an Administrator: 403, and the refusal changes nothing', async () => {
    const manager = await account('userManager');
    const user = await account();
    const allowed = await call<PasswordResetResult>('POST', `/api/users/${user.id}/password-reset`, {
      token: manager.token,
    });
    expect(allowed.status).toBe(200);
    secrets.add(allowed.body.temporaryPassword);

    const target = await account('administrator');
    const before = served().observer.state();
    const refused = await call<ApiError>('POST', `/api/users/${target.id}/password-reset`, {
      token: manager.token,
      body: { password: 'Manager-chosen-1' },
    });
    secrets.add('Manager-chosen-1');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect(served().observer.state()).toEqual(before);
    expect((await call('GET', '/api/auth/me', { token: target.token })).status).toBe(200);
    expect((await login(target.username, target.password)).body.passwordChangeRequired).toBe(false);
  });

  it('a stale If-Match is 412 and changes nothing; the current version resets', async () => {
    const user = await account();
    const { version } = (await asAdmin<UserDetail>('GET', `/api/users/${user.id}`)).body;
    expect(
      (await asAdmin('PATCH', `/api/users/${user.id}`, { body: { displayName: 'Moved On' } })).status,
    ).toBe(200);
    const before = served().observer.state();
    const stale = await reset(user.id, { headers: { 'If-Match': `"${version}"` } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'STALE', currentVersion: version + 1 });
    expect(served().observer.state()).toEqual(before);
    expect((await call('GET', '/api/auth/me', { token: user.token })).status).toBe(200);

    const current = await reset(user.id, { headers: { 'If-Match': `"${version + 1}"` } });
    expect(current.status).toBe(200);
  });

  it('an invited user, who has no password yet, cannot be reset: 409', async () => {
    const fields = newUserFields('invited');
    const invited = await asAdmin<Invitation>('POST', '/api/invitations', {
      body: { username: fields.username, displayName: fields.displayName, email: fields.email },
    });
    expect(invited.status).toBe(201);
    const before = served().observer.state();
    const refused = await reset(invited.body.user.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONFLICT');
    expect(served().observer.state()).toEqual(before);
  });
});

describe('mayResetOwnPassword', () => {
  it('false: the user may not change their own password, except when a reset requires it', async () => {
    const user = await account();
    const patched = await asAdmin<UserDetail>('PATCH', `/api/users/${user.id}`, {
      body: { mayResetOwnPassword: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.mayResetOwnPassword).toBe(false);

    const before = served().observer.state();
    const refused = await changeOwn(user.token, user.password, 'Not-allowed-1');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    // Refused before the current password is checked: not even a sign-in attempt was counted.
    expect(served().observer.state()).toEqual(before);
    expect((await login(user.username, user.password)).status).toBe(200);

    const temporary = (await reset(user.id)).body.temporaryPassword;
    const token = (await login(user.username, temporary)).body.accessToken;
    expect((await changeOwn(token, temporary, 'Forced-change-1')).status).toBe(204);
    expect((await call<UserDetail>('GET', '/api/me', { token })).body).toMatchObject({
      mustChangePassword: false,
      mayResetOwnPassword: false,
    });
    // The change a reset required is done: the rule applies again.
    expect((await changeOwn(token, 'Forced-change-1', 'Once-more-1')).status).toBe(403);
    expect((await login(user.username, 'Forced-change-1')).status).toBe(200);
  });
});

describe('the audit log', () => {
  it('names the actor of each reset and own change, and holds none of the passwords sent', async () => {
    const user = await account();
    const temporary = (await reset(user.id, { body: { password: 'Audited-temp-1' } })).body.temporaryPassword;
    const token = (await login(user.username, temporary)).body.accessToken;
    expect((await changeOwn(token, temporary, 'Audited-own-1')).status).toBe(204);

    const { observer } = served();
    const resets = observer.audit('user.resetPassword').filter((row) => row.target_id === user.id);
    expect(resets).toHaveLength(1);
    expect(resets[0]?.actor).toBe(`api:${ADMIN.username}`);
    expect(JSON.parse(resets[0]?.after ?? '{}')).toEqual({
      mustChangePassword: true,
      generated: false,
      sessionsEnded: 1,
    });
    const own = observer.audit('user.ownPassword').filter((row) => row.target_id === user.id);
    expect(own.map((row) => row.actor)).toEqual([`api:${user.username}`]);

    // Every column but the chain's hash, whose hex digits may spell a short password by chance.
    const rows = JSON.stringify(
      observer.db
        .prepare(
          `SELECT at, actor, actor_id, source, action, target_type, target_id, target_name, before, after, detail
           FROM audit_log`,
        )
        .all(),
    );
    expect(secrets.size).toBeGreaterThan(15);
    for (const secret of secrets) expect(rows.includes(secret), `the audit log holds ${secret}`).toBe(false);
    expect(rows).not.toContain('$argon2');
  });
});
