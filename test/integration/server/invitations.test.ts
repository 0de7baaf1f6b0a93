import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, Page, UserDetail, UserSummary } from '../../../shared/domain/directory';
import { signIn, type ApiError, type CallOptions } from './support/api';
import { newInviteeFields, startLocalServer, type LocalServer } from './support/localServer';
import { newUserFields } from './support/servedInstance';

/**
 * Invitations through a real HTTP server (built in this process, for its driven clock and its log):
 * an invited user has no password and cannot sign in until they open their one-time link, a
 * script-free page that takes their new password; a new link ends the old one, and a link runs out.
 */

const HOUR_MS = 60 * 60 * 1000;
let local: LocalServer;
let admin: string;

beforeAll(async () => {
  local = await startLocalServer();
  admin = await local.adminToken();
});
afterAll(() => local.close());

const call = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  local.api.call<T>(method, path, options);
const asAdmin = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  call<T>(method, path, { token: admin, ...options });

/** Every invitation token this file was given: none may reach the server's log. */
const tokens = new Set<string>();

function tokenOf(invitation: Invitation): string {
  const match = /^(https?:\/\/[^/]+)\/invite\/([A-Za-z0-9_-]{43})$/.exec(invitation.link);
  expect(match?.[1], invitation.link).toBe(local.url);
  const token = match?.[2] ?? '';
  tokens.add(token);
  return token;
}

/** Invites a new user (a User unless `terms` says otherwise) and answers its fields, the answer and its token. */
async function invite(terms: Record<string, unknown> = {}) {
  const fields = newInviteeFields('invited');
  const answer = await asAdmin<Invitation>('POST', '/api/invitations', { body: { ...fields, ...terms } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { ...fields, id: answer.body.user.id, invitation: answer.body, token: tokenOf(answer.body) };
}

interface Shown {
  status: number;
  headers: Headers;
  html: string;
}

/** The invitation page: GET, or POST of its form (url-encoded, as a browser sends it). */
async function page(link: string, form?: Record<string, string>): Promise<Shown> {
  const response = await fetch(
    link,
    form === undefined
      ? {}
      : {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        },
  );
  return { status: response.status, headers: response.headers, html: await response.text() };
}

const acceptJson = (token: string, password: string) =>
  call<ApiError>('POST', '/api/invitations/accept', { body: { token, password } });

const login = (username: string, password: string) =>
  call<ApiError>('POST', '/api/auth/token', { body: { username, password } });

async function listed(username: string, status?: string): Promise<UserSummary[]> {
  const query = new URLSearchParams({ q: username, ...(status === undefined ? {} : { status }) });
  const answer = await asAdmin<Page<UserSummary>>('GET', `/api/users?${query.toString()}`);
  expect(answer.status).toBe(200);
  return answer.body.items.filter((user) => user.username === username);
}

describe('POST /api/invitations', () => {
  it('makes an Invited user: listed as invited, under ?status=invited only, and unable to sign in', async () => {
    const invited = await invite();
    expect(invited.invitation).toMatchObject({
      user: { username: invited.username, invited: true, enabled: true, role: 'user' },
      expiresAt: new Date(local.clock.now + 72 * HOUR_MS).toISOString(),
      emailed: false,
      emailError: null,
    });
    expect(await listed(invited.username)).toMatchObject([{ invited: true, lastSignInAt: null }]);
    expect(await listed(invited.username, 'invited')).toHaveLength(1);
    expect(await listed(invited.username, 'enabled')).toHaveLength(0);
    expect(await listed(invited.username, 'disabled')).toHaveLength(0);

    // Whatever password is tried, the answer is the one an unknown username gets.
    const unknown = await login('nobody-at-all', 'any-password-1');
    for (const password of ['any-password-1', 'Another-pw-2']) {
      const refused = await login(invited.username, password);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual(unknown.body);
    }
  });

  it('with the same Idempotency-Key answers the same link and creates one user', async () => {
    const fields = newInviteeFields('idem');
    const send = (key: string, body: unknown = fields) =>
      asAdmin<Invitation & ApiError>('POST', '/api/invitations', {
        body,
        headers: { 'Idempotency-Key': key },
      });
    const first = await send('invite-once-key-0001');
    const again = await send('invite-once-key-0001');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    tokenOf(first.body);
    const rows = local.observer.db
      .prepare('SELECT count(*) FROM users WHERE username = ?')
      .pluck()
      .get(fields.username);
    expect(rows).toBe(1);
    expect(
      local.observer.audit('user.invite').filter((row) => row.target_id === first.body.user.id),
    ).toHaveLength(1);
    // The link answered twice is the one in force.
    expect((await page(first.body.link)).status).toBe(200);
    const reused = await send('invite-once-key-0001', { ...fields, displayName: 'Someone Else' });
    expect(reused.status).toBe(409);
    const otherKey = await send('invite-once-key-0002');
    expect(otherKey.status).toBe(409);
    expect(otherKey.body.field).toBe('username');
  });

  it('a User manager may invite a User, not an Administrator (403, nothing written)', async () => {
    const manager = { ...newUserFields('manager'), role: 'userManager' };
    expect((await asAdmin('POST', '/api/users', { body: manager })).status).toBe(201);
    const token = await signIn(local.api, manager.username, manager.password);
    const fields = newInviteeFields('promoted');
    const before = local.observer.state();
    for (const role of ['administrator', 'userManager']) {
      const refused = await call<ApiError>('POST', '/api/invitations', { token, body: { ...fields, role } });
      expect(refused.status, role).toBe(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN', field: 'role' });
    }
    expect(local.observer.state()).toEqual(before);
    const allowed = await call<Invitation>('POST', '/api/invitations', { token, body: fields });
    expect(allowed.status).toBe(201);
    tokenOf(allowed.body);

    const administrator = await invite({ role: 'administrator' });
    const resend = await call<ApiError>('POST', `/api/users/${administrator.id}/invitation`, { token });
    expect(resend.status).toBe(403);
    expect((await page(administrator.invitation.link)).status, 'the link still works').toBe(200);
  });
});

describe('the invitation page', () => {
  it('greets the user with a form; refuses mismatched and policy-breaking passwords; activates with a good one', async () => {
    const invited = await invite();
    const link = invited.invitation.link;

    const shown = await page(link);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(shown.html).toContain(`<strong>${invited.username}</strong>`);
    expect(shown.html).toContain(`Welcome, ${invited.displayName}`);
    expect(shown.html).toMatch(/<form method="post">/);
    expect(shown.html).toMatch(/<input id="password" name="password" type="password"/);
    expect(shown.html).toMatch(/<input id="confirm" name="confirm" type="password"/);
    expect(shown.html).toContain('5 to 20 characters');
    // The form posts to the page itself: the token is only in the address bar.
    expect(shown.html).not.toContain(invited.token);

    const differ = await page(link, { password: 'Good-password-1', confirm: 'Good-password-2' });
    expect(differ.status).toBe(400);
    expect(differ.html).toContain('The two passwords differ.');
    expect(differ.html).toMatch(/<form method="post">/);
    const short = await page(link, { password: 'abc', confirm: 'abc' });
    expect(short.status).toBe(400);
    expect(short.html).toContain('The password must be 5 to 20 characters long.');
    const own = await page(link, { password: invited.username, confirm: invited.username });
    expect(own.status).toBe(400);
    expect(own.html).toContain('The password cannot be the username.');
    expect(await listed(invited.username, 'invited'), 'still invited').toHaveLength(1);

    const done = await page(link, { password: 'Good-password-1', confirm: 'Good-password-1' });
    expect(done.status).toBe(200);
    expect(done.html).toContain('Your account is ready');
    expect(done.html).toContain(`<strong>${invited.username}</strong>`);

    expect((await login(invited.username, 'Good-password-1')).status).toBe(200);
    expect(await listed(invited.username)).toMatchObject([{ invited: false }]);
    expect(await listed(invited.username, 'enabled')).toHaveLength(1);
    expect(await listed(invited.username, 'invited')).toHaveLength(0);
    const used = await page(link);
    expect(used.status).toBe(404);
    expect(used.html).toContain('This invitation link is not valid');
    expect((await page(link, { password: 'Other-password-1', confirm: 'Other-password-1' })).status).toBe(
      404,
    );
    expect((await login(invited.username, 'Good-password-1')).status, 'the password stays').toBe(200);
  });

  it('answers with a policy that allows no script, sends no referrer and is not stored', async () => {
    const invited = await invite();
    const answers = [
      await page(invited.invitation.link),
      await page(invited.invitation.link, { password: 'a', confirm: 'b' }),
      await page(`${local.url}/invite/${'x'.repeat(43)}`),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 400, 404]);
    for (const { headers, html } of answers) {
      const policy = headers.get('content-security-policy') ?? '';
      expect(policy).toMatch(/(^|; )default-src 'none'(;|$)/);
      expect(policy).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('cache-control')).toBe('no-store');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(html).not.toMatch(/<script|\son[a-z]+=/i);
    }
  });
});

describe('POST /api/invitations/accept', () => {
  it('sets the password with the token, once; a policy-breaking one is 400 and the link goes on', async () => {
    const invited = await invite();
    const short = await acceptJson(invited.token, 'abc');
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });

    expect((await acceptJson(invited.token, 'Json-accepted-1')).status).toBe(204);
    expect((await login(invited.username, 'Json-accepted-1')).status).toBe(200);
    expect((await asAdmin<UserDetail>('GET', `/api/users/${invited.id}`)).body.invited).toBe(false);
    // Nobody was signed in: the audit log names the invited user, by the link they held.
    expect(
      local.observer.audit('user.acceptInvitation').filter((row) => row.target_id === invited.id),
    ).toMatchObject([{ actor: `invitation:${invited.username}` }]);

    const again = await acceptJson(invited.token, 'Json-accepted-2');
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('NOT_FOUND');
    expect((await acceptJson('y'.repeat(43), 'Json-accepted-3')).status).toBe(404);
    expect((await login(invited.username, 'Json-accepted-1')).status).toBe(200);
  });
});

describe('POST /api/users/{userId}/invitation', () => {
  it('replaces the link: the old one is refused (404 page and JSON), the new one works; then 409', async () => {
    const invited = await invite();
    const resent = await asAdmin<Invitation>('POST', `/api/users/${invited.id}/invitation`, {
      body: { expiresInHours: 5 },
    });
    expect(resent.status).toBe(200);
    expect(resent.body.expiresAt).toBe(new Date(local.clock.now + 5 * HOUR_MS).toISOString());
    const token = tokenOf(resent.body);
    expect(token).not.toBe(invited.token);

    expect((await page(invited.invitation.link)).status).toBe(404);
    expect(
      (await page(invited.invitation.link, { password: 'Old-link-pw-1', confirm: 'Old-link-pw-1' })).status,
    ).toBe(404);
    const old = await acceptJson(invited.token, 'Old-link-pw-1');
    expect(old.status).toBe(404);
    expect(await listed(invited.username, 'invited')).toHaveLength(1);

    expect((await page(resent.body.link)).status).toBe(200);
    expect((await acceptJson(token, 'New-link-pw-1')).status).toBe(204);
    expect((await login(invited.username, 'New-link-pw-1')).status).toBe(200);

    const accepted = await asAdmin<ApiError>('POST', `/api/users/${invited.id}/invitation`);
    expect(accepted.status).toBe(409);
    expect(accepted.body.code).toBe('CONFLICT');
  });
});

describe('expiry', () => {
  it('a link works until expiresInHours have passed, then is refused; a new one works again', async () => {
    const invited = await invite({ expiresInHours: 2 });
    expect(invited.invitation.expiresAt).toBe(new Date(local.clock.now + 2 * HOUR_MS).toISOString());
    local.clock.advance(2 * HOUR_MS - 1);
    expect((await page(invited.invitation.link)).status).toBe(200);
    local.clock.advance(1);
    expect((await page(invited.invitation.link)).status).toBe(404);
    expect(
      (await page(invited.invitation.link, { password: 'Too-late-pw-1', confirm: 'Too-late-pw-1' })).status,
    ).toBe(404);
    expect((await acceptJson(invited.token, 'Too-late-pw-1')).status).toBe(404);

    // The administrator's access token ran out meanwhile too.
    admin = await local.adminToken();
    expect(
      await listed(invited.username, 'invited'),
      'an expired invitation leaves the user invited',
    ).toHaveLength(1);
    const resent = await asAdmin<Invitation>('POST', `/api/users/${invited.id}/invitation`);
    expect(resent.status).toBe(200);
    expect((await acceptJson(tokenOf(resent.body), 'In-time-pw-1')).status).toBe(204);
    expect((await login(invited.username, 'In-time-pw-1')).status).toBe(200);
  });
});

describe('the request log', () => {
  it('names an invitation page by its path without the token, and holds none of the tokens given', () => {
    expect(tokens.size).toBeGreaterThanOrEqual(8);
    const lines = local.logLines().filter((line) => line.msg === 'request');
    const pages = lines.filter((line) => String(line.path).startsWith('/invite/'));
    expect(pages.length).toBeGreaterThanOrEqual(15);
    for (const line of pages) expect(line.path).toBe('/invite/…');
    const text = local.logText();
    for (const token of tokens) expect(text.includes(token), `the log holds ${token}`).toBe(false);
  });
});
