import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserDetail } from '../../../shared/domain/directory';
import type { InstanceOverview } from '../../../shared/domain/overview';
import type { Role } from '../../../shared/domain/roles';
import { signIn, type Answer } from './support/api';
import { startLocalServer, type LocalServer } from './support/localServer';
import {
  mediaTypeOf,
  operationsOf,
  schemaValidator,
  type OpenApiDocument,
  type SchemaCheck,
} from './support/openApiDocument';
import { newUserFields } from './support/servedInstance';

/**
 * GET /api/overview over real HTTP on 127.0.0.1, against the instance server built in this
 * process: who may read it, that its figures follow changes made through the API (a lock by
 * failed sign-ins too), refusals, and every answer as the served OpenAPI document describes it.
 */

let server: LocalServer;
let doc: OpenApiDocument;
let check: SchemaCheck;
const tokens = {} as Record<Role, string>;

async function must<T>(method: string, path: string, body?: unknown): Promise<T> {
  const answer = await server.api.call<T>(method, path, { token: tokens.administrator, body });
  if (answer.status >= 300)
    throw new Error(`${method} ${path} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function account(role: Role): Promise<string> {
  const fields = newUserFields(`ov${role.slice(0, 4)}`);
  await must('POST', '/api/users', { ...fields, role });
  return signIn(server.api, fields.username, fields.password);
}

function expectDocumented(answer: Answer): void {
  const documented = operationsOf(doc).get('getOverview')?.operation.responses[String(answer.status)];
  expect(documented, `status ${answer.status} is documented`).toBeDefined();
  const media = mediaTypeOf(answer.headers.get('content-type'));
  const content = documented?.content?.[media];
  expect(content, `${media} is documented for ${answer.status}`).toBeDefined();
  expect(check(content?.schema, answer.body)).toEqual([]);
}

async function overview(token: string | null = tokens.administrator): Promise<Answer<InstanceOverview>> {
  const answer = await server.api.call<InstanceOverview>(
    'GET',
    '/api/overview',
    token === null ? {} : { token },
  );
  expectDocumented(answer);
  return answer;
}

beforeAll(async () => {
  server = await startLocalServer();
  tokens.administrator = await server.adminToken();
  doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDocument;
  check = schemaValidator(doc);
  tokens.userManager = await account('userManager');
  tokens.auditor = await account('auditor');
  tokens.user = await account('user');
}, 60_000);
afterAll(() => server.close());

describe('GET /api/overview', () => {
  it('is documented as one GET for whoever may read the directory', () => {
    const located = operationsOf(doc).get('getOverview');
    expect(`${located?.method ?? ''} ${located?.path ?? ''}`).toBe('GET /api/overview');
  });

  it('answers the figures to Administrators, User managers and Auditors, all alike', async () => {
    const answers = await Promise.all(
      (['administrator', 'userManager', 'auditor'] as const).map((role) => overview(tokens[role])),
    );
    for (const answer of answers) expect(answer.status).toBe(200);
    // The first administrator and the three accounts made above.
    expect(answers[0]?.body).toMatchObject({ users: 4, enabled: 4, disabled: 0, administrators: 1 });
    expect(answers.map((answer) => answer.body)).toEqual([
      answers[0]?.body,
      answers[0]?.body,
      answers[0]?.body,
    ]);
  });

  it('refuses a User with 403 naming the permission, and a caller without a token with 401', async () => {
    const refused = await overview(tokens.user);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('directory.read');
    expect((await overview(null)).status).toBe(401);
    expect((await overview('not-a-token')).status).toBe(401);
  });

  it('refuses a query it does not take with 400', async () => {
    const answer = await server.api.call('GET', '/api/overview?status=enabled', {
      token: tokens.administrator,
    });
    expect(answer.status).toBe(400);
    expectDocumented(answer);
  });

  it('follows a disable, an invitation, a new group and a lock by failed sign-ins', async () => {
    const before = (await overview()).body;
    const victim = await must<UserDetail>('POST', '/api/users', newUserFields('ovvictim'));
    const locked = newUserFields('ovlocked');
    await must('POST', '/api/users', locked);
    await must('POST', `/api/users/${victim.id}/disable`);
    const { username, displayName, email } = newUserFields('ovinvite');
    await must('POST', '/api/invitations', { username, displayName, email });
    await must('POST', '/api/groups', { name: 'Overview team' });
    for (let attempt = 0; attempt < 5; attempt++)
      await server.api.call('POST', '/api/auth/token', {
        body: { username: locked.username, password: 'wrong-password-1' },
      });

    expect((await overview()).body).toEqual({
      ...before,
      users: before.users + 3,
      enabled: before.enabled + 1,
      disabled: before.disabled + 1,
      invited: before.invited + 1,
      locked: before.locked + 1,
      groups: before.groups + 1,
    });
  });
});
