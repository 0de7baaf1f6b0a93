import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedTokens } from '../../../shared/api/auth';
import type {
  Invitation,
  PasswordResetResult,
  SessionInfo,
  UserDetail,
} from '../../../shared/domain/directory';
import type { ApiError, CallOptions } from './support/api';
import { newInviteeFields, startLocalServer, type LocalServer } from './support/localServer';
import { newUserFields } from './support/servedInstance';

/**
 * The account lifecycle's rules under two callers at once, through a real HTTP server: each round
 * sends both requests together and must end in exactly one of the outcomes the rule allows, with
 * the instance in the state that outcome means. Accepting an invitation and resetting a password
 * each hash a password (argon2, tens of ms) between their first look and their write, so a rule
 * checked only before the hash would let both callers through; the write must check it again.
 */

const ROUNDS = 20;
/** Each round takes a few argon2 hashes: twenty take seconds, many more on a loaded machine. */
const RACE_TIMEOUT_MS = 60_000;
let local: LocalServer;
let admin: string;

beforeAll(async () => {
  // The losers' passwords are tried too: no limit of sign-in failures may end the rounds early.
  local = await startLocalServer({
    addressLimit: { maxFailures: 10_000, windowMs: 60_000 },
    lockout: { maxFailures: 10_000, lockMs: 60_000 },
  });
  admin = await local.adminToken();
});
afterAll(() => local.close());

const call = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  local.api.call<T>(method, path, options);
const asAdmin = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  call<T>(method, path, { token: admin, ...options });

const signInStatus = async (username: string, password: string) =>
  (await call('POST', '/api/auth/token', { body: { username, password } })).status;

const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

async function invite() {
  const fields = newInviteeFields('racer');
  const answer = await asAdmin<Invitation>('POST', '/api/invitations', { body: fields });
  expect(answer.status).toBe(201);
  return { username: fields.username, id: answer.body.user.id, token: tokenOf(answer.body.link) };
}

async function account() {
  const fields = newUserFields('racer');
  const answer = await asAdmin<UserDetail>('POST', '/api/users', { body: fields });
  expect(answer.status).toBe(201);
  return { ...fields, id: answer.body.id, version: answer.body.version };
}

const acceptJson = (token: string, password: string) =>
  call<ApiError>('POST', '/api/invitations/accept', { body: { token, password } });

/** Accepts through the invitation page, as a browser posts its form. */
async function acceptPage(token: string, password: string) {
  const response = await fetch(`${local.url}/invite/${token}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password, confirm: password }).toString(),
  });
  await response.text();
  return { status: response.status };
}

const isInvited = async (id: number) => (await asAdmin<UserDetail>('GET', `/api/users/${id}`)).body.invited;

describe('two callers at once, 20 rounds each', () => {
  it(
    'two accepts of one link: one sets the password, the other is told the link is used',
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const label = `round ${round}`;
        const invited = await invite();
        const passwords = [`Winner-a-${round}`, `Winner-b-${round}`] as const;
        // Odd rounds race the page against the JSON call: both accept through the same rule.
        const first = round % 2 === 0 ? acceptJson : acceptPage;
        const statuses = (
          await Promise.all([first(invited.token, passwords[0]), acceptJson(invited.token, passwords[1])])
        ).map((answer) => answer.status);
        const accepted = statuses.map((status) => status === 200 || status === 204);
        expect(
          statuses.every((status) => [200, 204, 404].includes(status)),
          `${label}: ${statuses.join(', ')}`,
        ).toBe(true);
        expect(accepted.filter(Boolean), `${label}: ${statuses.join(', ')}`).toHaveLength(1);
        // The account holds one password hash: the winner's working means the loser's does not.
        expect(await signInStatus(invited.username, accepted[0] ? passwords[0] : passwords[1]), label).toBe(
          200,
        );
        expect(
          local.observer.audit('user.acceptInvitation').filter((row) => row.target_id === invited.id),
          label,
        ).toHaveLength(1);
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'a new link and an accept of the old one: never both; the instance is as the winner left it',
    async () => {
      const won = { accept: 0, resend: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const label = `round ${round}`;
        const invited = await invite();
        const password = `Accepted-${round}-pw`;
        // The new link is asked for from 0 to 90 ms later: early, it lands while the accept hashes.
        const [resent, accepted] = await Promise.all([
          sleep((round % 10) * 10).then(() =>
            asAdmin<Invitation & ApiError>('POST', `/api/users/${invited.id}/invitation`),
          ),
          acceptJson(invited.token, password),
        ]);
        const outcome = `${label}: resend ${resent.status}, accept ${accepted.status}`;
        if (accepted.status === 204) {
          won.accept += 1;
          expect(resent.status, outcome).toBe(409);
          expect(resent.body.code, outcome).toBe('CONFLICT');
          expect(await isInvited(invited.id), outcome).toBe(false);
          expect(await signInStatus(invited.username, password), outcome).toBe(200);
        } else {
          won.resend += 1;
          expect([resent.status, accepted.status], outcome).toEqual([200, 404]);
          expect(await isInvited(invited.id), outcome).toBe(true);
          // The link the winner made is the one in force.
          expect((await acceptJson(tokenOf(resent.body.link), password)).status, outcome).toBe(204);
        }
      }
      expect(won.accept + won.resend).toBe(ROUNDS);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'two resets with the same If-Match: one resets (200), the other is stale (412)',
    async () => {
      const user = await account();
      const resets = () =>
        local.observer.audit('user.resetPassword').filter((row) => row.target_id === user.id).length;
      for (let round = 0; round < ROUNDS; round++) {
        const label = `round ${round}`;
        const { version } = (await asAdmin<UserDetail>('GET', `/api/users/${user.id}`)).body;
        const before = resets();
        const temporary = [`Reset-a-${round}-pw`, `Reset-b-${round}-pw`] as const;
        const reset = (password: string) =>
          asAdmin<PasswordResetResult & ApiError>('POST', `/api/users/${user.id}/password-reset`, {
            body: { password },
            headers: { 'If-Match': `"${version}"` },
          });
        const answers = await Promise.all(temporary.map(reset));
        const statuses = answers.map((answer) => answer.status);
        expect([...statuses].sort(), `${label}: ${statuses.join(', ')}`).toEqual([200, 412]);
        const first = statuses[0] === 200;
        const [won, lost] = first ? answers : [answers[1], answers[0]];
        expect(lost?.body).toMatchObject({ code: 'STALE', currentVersion: won?.body.user.version });
        expect((await asAdmin<UserDetail>('GET', `/api/users/${user.id}`)).body.version, label).toBe(
          won?.body.user.version,
        );
        expect(resets(), label).toBe(before + 1);
        expect(await signInStatus(user.username, first ? temporary[0] : temporary[1]), label).toBe(200);
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'ending the sessions while the user signs in: no error, and the list shows exactly the sessions that work',
    async () => {
      const user = await account();
      const signIn = () =>
        call<IssuedTokens>('POST', '/api/auth/token', {
          body: { username: user.username, password: user.password },
        });
      const listed = async () => (await asAdmin<SessionInfo[]>('GET', `/api/users/${user.id}/sessions`)).body;
      for (let round = 0; round < ROUNDS; round++) {
        const label = `round ${round}`;
        const earlier = (await signIn()).body;
        // This one, and the last round's new session if it outlived that round's end.
        const live = (await listed()).length;
        // The end is asked for from 0 to 90 ms later: before, during or after the sign-in's hash.
        const [ended, fresh] = await Promise.all([
          sleep((round % 10) * 10).then(() =>
            asAdmin<{ ended: number }>('DELETE', `/api/users/${user.id}/sessions`),
          ),
          signIn(),
        ]);
        const outcome = `${label}: ended ${JSON.stringify(ended.body)}, sign-in ${fresh.status}`;
        expect([ended.status, fresh.status], outcome).toEqual([200, 200]);
        expect([live, live + 1], outcome).toContain(ended.body.ended);
        expect((await call('GET', '/api/auth/me', { token: earlier.accessToken })).status, outcome).toBe(401);
        const freshStatus = (await call('GET', '/api/auth/me', { token: fresh.body.accessToken })).status;
        if (ended.body.ended === live + 1) {
          expect(freshStatus, `${outcome}: the new session was ended too`).toBe(401);
          expect(await listed(), outcome).toEqual([]);
        } else {
          expect(freshStatus, `${outcome}: the new session came after`).toBe(200);
          expect(await listed(), outcome).toHaveLength(1);
        }
      }
    },
    RACE_TIMEOUT_MS,
  );
});
