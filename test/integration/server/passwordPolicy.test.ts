import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, PasswordResetResult, UserDetail } from '../../../shared/domain/directory';
import {
  DEFAULT_PASSWORD_POLICY,
  passwordProblem,
  type PasswordPolicy,
} from '../../../shared/domain/passwordPolicy';
import type { Role } from '../../../shared/domain/roles';
import { signIn, type Answer, type ApiError } from './support/api';
import { newUserFields, useServedInstance, type ServedInstance } from './support/servedInstance';
import { runCli } from './support/serverProcess';

/**
 * The instance's password policy, against a real server process: an Administrator sets it (and
 * only an Administrator), everyone signed in reads it, and every way a password is set refuses one
 * that breaks it with 400 and the rule's own sentence, writing nothing: creating a user, editing
 * one, setting and resetting a password, the user's own change, accepting an invitation (by the
 * REST route and by the link's page), and the admin command run beside the server. A policy the
 * file holds damaged is reported as such, and can be set again.
 */

const served = useServedInstance(['--address-limit', '1000']);

const POLICY: PasswordPolicy = {
  minLength: 10,
  maxLength: 64,
  require: ['digit', 'upper'],
  notUsername: true,
};
/** A password the policy takes, for every account these tests make. */
const GOOD = 'Good-Password-1';
const POLICY_PATH = '/api/settings/password-policy';

const call = <T = unknown>(...args: Parameters<ServedInstance['api']['call']>) =>
  served().api.call<T>(...args);
const owner = () => served().adminToken;

async function must<T>(method: string, path: string, body?: unknown): Promise<T> {
  const answer = await call<T>(method, path, { token: owner(), body });
  if (answer.status >= 300)
    throw new Error(`fixture ${method} ${path} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A new user's fields with a password the policy takes; usernames are long enough to be passwords. */
function fieldsFor(prefix: string) {
  const { username, displayName, email } = newUserFields(prefix);
  return { username, displayName, email, password: GOOD };
}

const freshUser = async (role: Role = 'user') =>
  must<UserDetail>('POST', '/api/users', { ...fieldsFor('policyuser'), role });

async function freshInvitation(): Promise<{ username: string; token: string; link: string }> {
  const { username, displayName, email } = fieldsFor('policyinvite');
  const invitation = await must<Invitation>('POST', '/api/invitations', { username, displayName, email });
  const token = new URL(invitation.link).pathname.split('/invite/')[1] ?? '';
  expect(token).not.toBe('');
  return { username, token, link: invitation.link };
}

/** Each rule of POLICY broken alone, with the sentence the server must answer. */
const RULES: readonly { rule: string; password: (username: string) => string; message: string }[] = [
  { rule: 'too short', password: () => 'Short-1', message: 'The password must be 10 to 64 characters long.' },
  {
    rule: 'too long',
    password: () => `Long-1-${'x'.repeat(58)}`,
    message: 'The password must be 10 to 64 characters long.',
  },
  { rule: 'no digit', password: () => 'No-Digits-Here', message: 'The password must contain a digit.' },
  {
    rule: 'no upper-case letter',
    password: () => 'no-upper-case-1',
    message: 'The password must contain an upper-case letter.',
  },
  {
    rule: 'the username in other case',
    password: (username) => username.toUpperCase(),
    message: 'The password cannot be the username.',
  },
];

it('the passwords of RULES each break one rule only', () => {
  const username = fieldsFor('checkrules').username;
  for (const { rule, password, message } of RULES)
    expect(passwordProblem(POLICY, password(username), username), rule).toBe(message);
  expect(passwordProblem(POLICY, GOOD, username)).toBeNull();
});

beforeAll(async () => {
  const set = await call<PasswordPolicy>('PUT', POLICY_PATH, { token: owner(), body: POLICY });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  expect(set.body).toEqual(POLICY);
});

describe('the policy itself', () => {
  it('is what the Administrator set, for every signed-in role', async () => {
    for (const role of ['userManager', 'auditor', 'user'] as const) {
      const user = await freshUser(role);
      const token = await signIn(served().api, user.username, GOOD);
      const read = await call<PasswordPolicy>('GET', POLICY_PATH, { token });
      expect(read, role).toMatchObject({ status: 200, body: POLICY });
    }
    // Only the settings that changed: notUsername stayed.
    const { minLength, maxLength, require } = DEFAULT_PASSWORD_POLICY;
    expect(served().observer.audit('instance.passwordPolicy').at(-1)).toMatchObject({
      before: JSON.stringify({ minLength, maxLength, require }),
      after: JSON.stringify({
        minLength: POLICY.minLength,
        maxLength: POLICY.maxLength,
        require: POLICY.require,
      }),
    });
  });

  it.each(['userManager', 'auditor'] as const)(
    'may not be changed by a %s: 403, nothing written',
    async (role) => {
      const user = await freshUser(role);
      const token = await signIn(served().api, user.username, GOOD);
      const before = served().observer.state();
      const refused = await call<ApiError>('PUT', POLICY_PATH, {
        token,
        body: { ...POLICY, minLength: 1, require: [] },
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
      expect(refused.body.detail).toContain('instance.settings');
      expect(served().observer.state()).toEqual(before);
      expect((await call('GET', POLICY_PATH, { token })).body).toEqual(POLICY);
    },
  );

  it('refuses a policy that contradicts itself: 400 on the field, nothing written', async () => {
    const before = served().observer.state();
    const refused = await call<ApiError>('PUT', POLICY_PATH, {
      token: owner(),
      body: { ...POLICY, minLength: 65 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'minLength',
      detail: 'The minimum length cannot be more than the maximum length.',
    });
    expect(served().observer.state()).toEqual(before);
  });
});

/** One way of setting a password: `prepare` makes its subject, whose `send` sets the password given. */
interface Route {
  label: string;
  /** The field the refusal names. */
  field: string;
  success: number;
  prepare: () => Promise<{ username: string; send: (password: string) => Promise<Answer<ApiError>> }>;
}

const ROUTES: readonly Route[] = [
  {
    label: 'POST /api/users (createUser)',
    field: 'password',
    success: 201,
    prepare: () => {
      const fields = fieldsFor('created');
      return Promise.resolve({
        username: fields.username,
        send: (password) => call('POST', '/api/users', { token: owner(), body: { ...fields, password } }),
      });
    },
  },
  {
    label: 'PATCH /api/users/{id} (updateUser)',
    field: 'password',
    success: 200,
    prepare: async () => {
      const user = await freshUser();
      return {
        username: user.username,
        send: (password) => call('PATCH', `/api/users/${user.id}`, { token: owner(), body: { password } }),
      };
    },
  },
  {
    label: 'PUT /api/users/{id}/password (setPassword)',
    field: 'password',
    success: 204,
    prepare: async () => {
      const user = await freshUser();
      return {
        username: user.username,
        send: (password) =>
          call('PUT', `/api/users/${user.id}/password`, { token: owner(), body: { password } }),
      };
    },
  },
  {
    label: 'POST /api/users/{id}/password-reset (resetPassword, with the password given)',
    field: 'password',
    success: 200,
    prepare: async () => {
      const user = await freshUser();
      return {
        username: user.username,
        send: (password) =>
          call('POST', `/api/users/${user.id}/password-reset`, { token: owner(), body: { password } }),
      };
    },
  },
  {
    label: 'PUT /api/me/password (changeOwnPassword)',
    field: 'newPassword',
    success: 204,
    prepare: async () => {
      const user = await freshUser();
      const token = await signIn(served().api, user.username, GOOD);
      return {
        username: user.username,
        send: (newPassword) =>
          call('PUT', '/api/me/password', { token, body: { currentPassword: GOOD, newPassword } }),
      };
    },
  },
  {
    label: 'POST /api/invitations/accept (acceptInvitation)',
    field: 'password',
    success: 204,
    prepare: async () => {
      const { username, token } = await freshInvitation();
      return {
        username,
        send: (password) => call('POST', '/api/invitations/accept', { body: { token, password } }),
      };
    },
  },
];

describe.each(ROUTES)('$label', ({ field, success, prepare }) => {
  it.each(RULES)('refuses a password that is $rule: 400 with the rule, nothing written', async (rule) => {
    const { username, send } = await prepare();
    const before = served().observer.state();
    const answer = await send(rule.password(username));
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body).toMatchObject({ code: 'INVALID_INPUT', field, detail: rule.message });
    expect(served().observer.state()).toEqual(before);
  });

  it('takes a password the policy allows', async () => {
    const { username, send } = await prepare();
    const answer = await send(`${GOOD}-${username}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(success);
  });
});

describe('the invitation page (/invite/{token})', () => {
  const post = (link: string, password: string) =>
    fetch(link, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password, confirm: password }).toString(),
    });

  it('describes the policy on its form', async () => {
    const { link } = await freshInvitation();
    const html = await (await fetch(link)).text();
    expect(html).toContain('10 to 64 characters, with an upper-case letter, a digit, not the username.');
  });

  it.each(RULES)('shows the form again for a password that is $rule, with the rule: 400', async (rule) => {
    const { username, link } = await freshInvitation();
    const before = served().observer.state();
    const answer = await post(link, rule.password(username));
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain(`<p class="error" role="alert">${rule.message}</p>`);
    expect(served().observer.state()).toEqual(before);
  });

  it('activates the account with a password the policy allows', async () => {
    const { username, link } = await freshInvitation();
    const answer = await post(link, GOOD);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Your account is ready');
    await signIn(served().api, username, GOOD);
  });
});

describe('a generated temporary password', () => {
  it('keeps to the policy, and signs in to a password change', async () => {
    const user = await freshUser();
    const reset = await call<PasswordResetResult>('POST', `/api/users/${user.id}/password-reset`, {
      token: owner(),
    });
    expect(reset.status).toBe(200);
    const { temporaryPassword } = reset.body;
    expect(passwordProblem(POLICY, temporaryPassword, user.username)).toBeNull();
    const tokens = await call<{ passwordChangeRequired: boolean }>('POST', '/api/auth/token', {
      body: { username: user.username, password: temporaryPassword },
    });
    expect(tokens).toMatchObject({ status: 200, body: { passwordChangeRequired: true } });
  });
});

describe('the admin command, run beside the server', () => {
  const admin = (username: string, password: string) =>
    runCli(['admin', '--db', served().file, '--username', username, '--email', `${username}@example.com`], {
      env: { ROSTER_ADMIN_PASSWORD: password },
    });

  it.each(RULES)(
    'refuses a password that is $rule with the rule, writing nothing',
    { timeout: 60_000 },
    async (rule) => {
      const { username } = fieldsFor('cliadmin');
      const before = served().observer.state();
      const result = await admin(username, rule.password(username));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(rule.message);
      expect(served().observer.state()).toEqual(before);
      expect(served().observer.account(username)).toBeUndefined();
    },
  );

  it('creates an administrator with a password the policy allows', { timeout: 60_000 }, async () => {
    const { username } = fieldsFor('cliadmin');
    const result = await admin(username, GOOD);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(served().observer.account(username)?.role).toBe('administrator');
  });
});

describe('a policy the file holds damaged', () => {
  const damaged = useServedInstance();
  const damage = (value: string) => {
    const db = new Database(damaged().file);
    try {
      db.prepare(
        "INSERT INTO instance_settings (name, value) VALUES ('passwordPolicy', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      ).run(value);
    } finally {
      db.close();
    }
  };
  const MESSAGE = "This instance file's password policy is damaged: set it again.";

  it.each([
    ['not JSON', '{minLength: 10'],
    ['JSON of the wrong shape', JSON.stringify({ ...POLICY, minLength: 'ten' })],
    ['a policy that contradicts itself', JSON.stringify({ ...POLICY, minLength: 70 })],
  ])('(%s) is reported as such, refuses to set passwords, and can be set again', async (_label, value) => {
    damage(value);
    const token = damaged().adminToken;
    const api = damaged().api;
    const read = await api.call<ApiError>('GET', POLICY_PATH, { token });
    expect(read.status).toBe(500);
    expect(read.body).toMatchObject({ code: 'BAD_FILE', detail: MESSAGE });

    const before = damaged().observer.state();
    const created = await api.call<ApiError>('POST', '/api/users', { token, body: fieldsFor('afterdamage') });
    expect(created.status).toBe(500);
    expect(created.body).toMatchObject({ code: 'BAD_FILE', detail: MESSAGE });
    expect(damaged().observer.state()).toEqual(before);

    const repaired = await api.call('PUT', POLICY_PATH, { token, body: POLICY });
    expect(repaired, JSON.stringify(repaired.body)).toMatchObject({ status: 200, body: POLICY });
    expect(damaged().observer.audit('instance.passwordPolicy').at(-1)).toMatchObject({
      before: JSON.stringify({ damaged: true }),
      after: JSON.stringify(POLICY),
    });
    expect((await api.call('GET', POLICY_PATH, { token })).body).toEqual(POLICY);
    expect((await api.call('POST', '/api/users', { token, body: fieldsFor('repaired') })).status).toBe(201);
  });
});
