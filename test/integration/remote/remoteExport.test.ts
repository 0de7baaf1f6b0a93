import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteDirectory } from '../../../electron/services/directory/remote/remoteDirectory';
import { exportQueryOf } from '../../../shared/api/userExport';
import { PROBLEM_CONTENT_TYPE, problemType } from '../../../shared/api/problem';
import type { UserSummary } from '../../../shared/domain/directory';
import { UserExportRequestSchema, type UserExportRequest } from '../../../shared/domain/userExport';
import { ADMIN } from '../server/support/instanceFile';
import { startLocalServer, type LocalServer } from '../server/support/localServer';
import { signingInFake, type FakeAnswer } from './support/signingInFake';
import { newUserFields } from '../server/support/servedInstance';

/**
 * The remote directory's export: the instance server's file passed through as it arrives, and a
 * transfer that fails midway failing the iteration, never ending it as if the file were whole.
 */

const credentials = { username: ADMIN.username, password: ADMIN.password };
const asked = (fields: Partial<Omit<UserExportRequest, 'filters'>> & { filters?: object } = {}) =>
  UserExportRequestSchema.parse({
    columns: ['username', 'displayName', 'groups', 'created'],
    ...fields,
    filters: fields.filters ?? {},
  });

async function collect(chunks: AsyncIterable<string>): Promise<{ text: string; error?: unknown }> {
  let text = '';
  try {
    for await (const chunk of chunks) text += chunk;
    return { text };
  } catch (error) {
    return { text, error };
  }
}

describe('against the instance server', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer();
    const token = await server.adminToken();
    for (const displayName of ['Zed, "Z"', '=Formula', 'Émile Ünïcode'])
      await server.api.call('POST', '/api/users', {
        token,
        body: { ...newUserFields('remote'), displayName },
      });
  });
  afterAll(() => server.close());

  it('passes the server’s file through unchanged, BOM included, for the list’s query', async () => {
    const remote = createRemoteDirectory({ baseUrl: server.url, credentials });
    try {
      const request = asked({ filters: { query: 'remote' }, sort: 'displayName', direction: 'desc' });
      const { text, error } = await collect(remote.exportUsers(request));
      expect(error).toBeUndefined();

      const token = await server.adminToken();
      const query = new URLSearchParams(exportQueryOf(request)).toString();
      const direct = await fetch(`${server.url}/api/users/export?${query}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(text).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await direct.arrayBuffer()));
      expect(text.startsWith('\ufeffUsername,Display name,Groups,Created\r\n')).toBe(true);
      expect(text).toContain(`"Zed, ""Z"""`);
      expect(text).toContain(`'=Formula`);

      const listed = await remote.searchUsers({
        query: 'remote',
        sort: 'displayName',
        direction: 'desc',
        offset: 0,
        limit: 10,
      });
      const rows = text.split('\r\n').slice(1, -1);
      expect(rows.map((row) => row.split(',')[0])).toEqual(
        listed.items.map((user: UserSummary) => user.username),
      );
    } finally {
      remote.close();
    }
  });

  it('is refused as the server refuses it: a User may not export', async () => {
    const token = await server.adminToken();
    const member = newUserFields('member');
    await server.api.call('POST', '/api/users', { token, body: member });
    const remote = createRemoteDirectory({
      baseUrl: server.url,
      credentials: { username: member.username, password: member.password },
    });
    try {
      const { text, error } = await collect(remote.exportUsers(asked()));
      expect(text).toBe('');
      expect(error).toMatchObject({ code: 'FORBIDDEN', kind: 'forbidden' });
    } finally {
      remote.close();
    }
  });

  it('does not ask the server anything until the first chunk is asked for', async () => {
    const remote = createRemoteDirectory({ baseUrl: server.url, credentials });
    const before = server.logLines().filter((line) => line.path === '/api/users/export').length;
    const chunks = remote.exportUsers(asked());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.logLines().filter((line) => line.path === '/api/users/export')).toHaveLength(before);
    await collect(chunks);
    remote.close();
  });
});

describe('against a server that fails', () => {
  const fake = signingInFake();
  afterEach(() => fake.stop());
  const fakeServer = (answer: FakeAnswer) => fake.start(answer);

  const csvHead = (response: ServerResponse) =>
    response.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8' });

  it('fails the iteration when the server dies midway, after passing on what came', async () => {
    const url = await fakeServer((_, response) => {
      csvHead(response);
      response.write('\ufeffUsername\r\nann\r\n');
      setTimeout(() => response.socket?.destroy(), 50);
    });
    const remote = createRemoteDirectory({ baseUrl: url, credentials });
    const { text, error } = await collect(remote.exportUsers(asked()));
    expect(text).toBe('\ufeffUsername\r\nann\r\n');
    expect(error).toMatchObject({ code: 'UNAVAILABLE', kind: 'unreachable' });
  });

  it('times out a wait for the next piece, not the whole transfer', async () => {
    let rows = 0;
    const url = await fakeServer((request, response) => {
      csvHead(response);
      response.write('\ufeffUsername\r\n');
      // A steady server: a row every 100 ms, eight in all, longer than the timeout altogether.
      const steady = new URL(request.url ?? '/', 'http://x').searchParams.get('q') === 'steady';
      const timer = setInterval(() => {
        if (!steady) return;
        response.write(`user${++rows}\r\n`);
        if (rows === 8) {
          clearInterval(timer);
          response.end();
        }
      }, 100);
      response.on('close', () => clearInterval(timer));
    });
    const remote = createRemoteDirectory({ baseUrl: url, credentials, timeoutMs: 300 });
    const steady = await collect(remote.exportUsers(asked({ filters: { query: 'steady' } })));
    expect(steady.error).toBeUndefined();
    expect(steady.text.split('\r\n')).toHaveLength(10);

    const started = Date.now();
    const stalled = await collect(remote.exportUsers(asked({ filters: { query: 'stalled' } })));
    expect(stalled.error).toMatchObject({ code: 'UNAVAILABLE', kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('ends the transfer when the reader stops early', async () => {
    let closed: () => void = () => undefined;
    const gone = new Promise<void>((resolve) => (closed = resolve));
    const url = await fakeServer((_, response) => {
      csvHead(response);
      const timer = setInterval(() => response.write('row\r\n'), 20);
      response.on('close', () => {
        clearInterval(timer);
        closed();
      });
    });
    const remote = createRemoteDirectory({ baseUrl: url, credentials });
    for await (const chunk of remote.exportUsers(asked())) {
      expect(chunk).toMatch(/row|Username/);
      break;
    }
    await gone;
  });

  it('refuses a success that is not CSV, and passes a problem on as its error', async () => {
    const url = await fakeServer((request, response) => {
      if (request.url?.includes('q=json')) {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"total":0,"offset":0,"items":[]}');
      } else {
        response.writeHead(400, { 'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8` });
        response.end(
          JSON.stringify({
            type: problemType('INVALID_INPUT'),
            title: 'Bad Request',
            status: 400,
            detail: 'Name some of username, …',
            code: 'INVALID_INPUT',
            field: 'columns',
          }),
        );
      }
    });
    const remote = createRemoteDirectory({ baseUrl: url, credentials });
    expect((await collect(remote.exportUsers(asked({ filters: { query: 'json' } })))).error).toMatchObject({
      kind: 'bad-answer',
    });
    expect((await collect(remote.exportUsers(asked()))).error).toMatchObject({
      kind: 'validation',
      field: 'columns',
    });
  });
});
