import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createRemoteDirectory,
  type RemoteDirectory,
} from '../../../electron/services/directory/remote/remoteDirectory';
import { auditExportQueryOf, auditPageQueryOf } from '../../../shared/api/audit';
import { PROBLEM_CONTENT_TYPE, problemType } from '../../../shared/api/problem';
import {
  AuditExportRequestSchema,
  AuditPageRequestSchema,
  type AuditExportFormat,
  type AuditFilters,
} from '../../../shared/domain/audit';
import type { UserDetail } from '../../../shared/domain/directory';
import { openAuditDirectory } from '../audit/support/auditFile';
import type { Directory } from '../../../electron/services/directory/directory';
import { signIn } from '../server/support/api';
import { ADMIN } from '../server/support/instanceFile';
import { startLocalServer, type LocalServer } from '../server/support/localServer';
import { signingInFake, type FakeAnswer } from './support/signingInFake';
import { newUserFields } from '../server/support/servedInstance';

/**
 * The remote directory's audit log against the instance server on 127.0.0.1: the same pages,
 * export, check and retention as the server answers directly and as a local directory on the
 * same file reads them, refused as the server refuses; then against fake servers that fail.
 */

const admin = { username: ADMIN.username, password: ADMIN.password };

async function collect(chunks: AsyncIterable<string>): Promise<{ text: string; error?: unknown }> {
  let text = '';
  try {
    for await (const chunk of chunks) text += chunk;
    return { text };
  } catch (error) {
    return { text, error };
  }
}

const remotes: RemoteDirectory[] = [];
const remoteAs = (
  credentials: { username: string; password: string },
  baseUrl: string,
  timeoutMs?: number,
) => {
  const remote = createRemoteDirectory({
    baseUrl,
    credentials,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  remotes.push(remote);
  return remote;
};
afterEach(() => {
  for (const remote of remotes.splice(0)) remote.close();
});

describe('against the instance server', () => {
  let server: LocalServer;
  let auditor: { username: string; password: string };
  let ann: UserDetail;

  beforeAll(async () => {
    server = await startLocalServer();
    const token = await server.adminToken();
    const call = <T>(method: string, path: string, body?: unknown) =>
      server.api.call<T>(method, path, { token, body });
    const fields = newUserFields('remaud');
    await call('POST', '/api/users', { ...fields, role: 'auditor' });
    auditor = { username: fields.username, password: fields.password };
    ann = (
      await call<UserDetail>('POST', '/api/users', { ...newUserFields('remann'), displayName: '=Ann, "A"' })
    ).body;
    await call('POST', `/api/users/${ann.id}/disable`);
    const group = (await call<{ id: number }>('POST', '/api/groups', { name: 'Remote audit' })).body;
    await call('PUT', `/api/users/${ann.id}/groups`, { groupIds: [group.id] });
    await call('PATCH', `/api/users/${ann.id}`, { displayName: 'Ann Émile' });
  });
  afterAll(() => server.close());

  /** The local directory on the server's own file, as an Auditor on this machine would read it. */
  async function withLocal(work: (directory: Directory) => Promise<void>): Promise<void> {
    const opened = openAuditDirectory(server.file, { role: 'auditor', mode: 'open' });
    try {
      await work(opened.directory);
    } finally {
      opened.directory.close();
      opened.db.close();
    }
  }

  const filterCases: AuditFilters[] = [
    {},
    { kinds: ['users'] },
    { target: { type: 'user', id: 1 } },
    { kinds: ['memberships'], actions: ['user.disable'] },
    { text: 'émile', kinds: ['users'] },
  ];

  it('reads the same pages as the server answers and as the local directory reads', async () => {
    const token = await signIn(server.api, auditor.username, auditor.password);
    const remote = remoteAs(auditor, server.url);
    await withLocal(async (local) => {
      for (const filters of [...filterCases, { target: { type: 'user' as const, id: ann.id } }]) {
        const request = AuditPageRequestSchema.parse({ filters, limit: 3 });
        const page = await remote.auditPage(request);
        const direct = await server.api.call(
          'GET',
          `/api/audit?${new URLSearchParams(auditPageQueryOf(request))}`,
          {
            token,
          },
        );
        expect(page, JSON.stringify(filters)).toEqual(direct.body);
        expect(page, JSON.stringify(filters)).toEqual(await local.auditPage(request));
        if (page.next !== null) {
          const following = AuditPageRequestSchema.parse({ filters, limit: 3, before: page.next });
          expect(await remote.auditPage(following)).toEqual(await local.auditPage(following));
        }
      }
    });
    const annOnly = await remote.auditPage(
      AuditPageRequestSchema.parse({ filters: { target: { type: 'user', id: ann.id } } }),
    );
    expect(annOnly.entries.map((entry) => entry.action)).toEqual([
      'user.update',
      'user.groups',
      'user.disable',
      'user.create',
    ]);
  });

  it.each(['csv', 'jsonl'] as AuditExportFormat[])(
    'exports %s as the server writes it and as the local directory does',
    async (format) => {
      const token = await signIn(server.api, auditor.username, auditor.password);
      const remote = remoteAs(auditor, server.url);
      await withLocal(async (local) => {
        for (const filters of filterCases) {
          const request = AuditExportRequestSchema.parse({ filters, format });
          const { text, error } = await collect(remote.exportAudit(request));
          expect(error).toBeUndefined();
          const direct = await fetch(
            `${server.url}/api/audit/export?${new URLSearchParams(auditExportQueryOf(request))}`,
            { headers: { Authorization: `Bearer ${token}` } },
          );
          expect(text).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await direct.arrayBuffer()));
          expect(text).toBe((await collect(local.exportAudit(request))).text);
          if (format === 'csv') expect(text.startsWith('\ufeffId,')).toBe(true);
          else
            expect(
              text
                .split('\n')
                .slice(0, -1)
                .every((line) => line.startsWith('{"id":')),
            ).toBe(true);
        }
      });
    },
  );

  it('verifies as the local directory does, and reads and sets the retention', async () => {
    const remote = remoteAs(auditor, server.url);
    const owner = remoteAs(admin, server.url);
    await withLocal(async (local) => {
      expect(await remote.verifyAudit()).toEqual(await local.verifyAudit());
      expect(await remote.getAuditRetention()).toEqual({ days: null });
      expect(await owner.setAuditRetention({ days: 3650 })).toEqual({ days: 3650 });
      expect(await remote.getAuditRetention()).toEqual({ days: 3650 });
      expect(await local.getAuditRetention()).toEqual({ days: 3650 });
    });
    expect(await owner.setAuditRetention({ days: null })).toEqual({ days: null });
    const changes = await remote.auditPage(
      AuditPageRequestSchema.parse({ filters: { actions: ['instance.auditRetention'] } }),
    );
    expect(changes.entries.map((entry) => entry.after)).toEqual([{ days: null }, { days: 3650 }]);

    const refused = await remote.setAuditRetention({ days: 1 }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', kind: 'forbidden' });
  });

  it.each(['user', 'userManager'] as const)('is refused as the server refuses a %s', async (role) => {
    const token = await server.adminToken();
    const fields = newUserFields('remrefused');
    await server.api.call('POST', '/api/users', { token, body: { ...fields, role } });
    const remote = remoteAs({ username: fields.username, password: fields.password }, server.url);
    const forbidden = { code: 'FORBIDDEN', kind: 'forbidden' };
    await expect(remote.auditPage(AuditPageRequestSchema.parse({}))).rejects.toMatchObject(forbidden);
    await expect(remote.verifyAudit()).rejects.toMatchObject(forbidden);
    await expect(remote.getAuditRetention()).rejects.toMatchObject(forbidden);
    await expect(remote.setAuditRetention({ days: null })).rejects.toMatchObject(forbidden);
    const exported = await collect(remote.exportAudit(AuditExportRequestSchema.parse({ format: 'jsonl' })));
    expect(exported.text).toBe('');
    expect(exported.error).toMatchObject(forbidden);
  });
});

describe('against a server that fails', () => {
  const fake = signingInFake();
  afterEach(() => fake.stop());
  const fakeServer = (answer: FakeAnswer) => fake.start(answer);

  const page = AuditPageRequestSchema.parse({ filters: { kinds: ['users'] } });

  it('explains a 500 with the server’s message, on every call', async () => {
    const url = await fakeServer((_, response) => {
      response.writeHead(500, { 'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8` });
      response.end(
        JSON.stringify({
          type: problemType('INTERNAL'),
          title: 'Internal Server Error',
          status: 500,
          detail: 'The disk is full.',
          code: 'INTERNAL',
        }),
      );
    });
    const remote = remoteAs(admin, url);
    const internal = {
      code: 'INTERNAL',
      message: expect.stringMatching(/HTTP 500\): The disk is full/) as string,
    };
    await expect(remote.auditPage(page)).rejects.toMatchObject(internal);
    await expect(remote.verifyAudit()).rejects.toMatchObject(internal);
    await expect(remote.getAuditRetention()).rejects.toMatchObject(internal);
    await expect(remote.setAuditRetention({ days: 30 })).rejects.toMatchObject(internal);
    expect((await collect(remote.exportAudit({ filters: {}, format: 'csv' }))).error).toMatchObject(internal);
  });

  it('says timeout when the server never answers, within the configured time', async () => {
    const url = await fakeServer(() => undefined);
    const remote = remoteAs(admin, url, 300);
    const started = Date.now();
    const error = await remote.auditPage(page).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', kind: 'timeout' });
    expect((error as Error).message).toMatch(/did not answer within 0\.3 seconds/);
    expect((await collect(remote.exportAudit({ filters: {}, format: 'jsonl' }))).error).toMatchObject({
      kind: 'timeout',
    });
    // GET is sent twice at most (one retry after a connection failure, none after a timeout).
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses answers that are not what the contract says, never passing them on', async () => {
    const url = await fakeServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      if (path === '/api/audit/export') {
        // JSON where JSON Lines was asked for.
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"entries":[],"next":null}');
      } else if (path === '/api/audit') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ entries: [{ id: 1, action: 'user.fly' }], next: null }));
      } else {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ days: -4, checked: 'all' }));
      }
    });
    const remote = remoteAs(admin, url);
    const bad = { code: 'INTERNAL', kind: 'bad-answer' };
    await expect(remote.auditPage(page)).rejects.toMatchObject(bad);
    await expect(remote.verifyAudit()).rejects.toMatchObject(bad);
    await expect(remote.getAuditRetention()).rejects.toMatchObject(bad);
    expect((await collect(remote.exportAudit({ filters: {}, format: 'jsonl' }))).error).toMatchObject(bad);
  });

  it('fails the export when the server dies midway, after passing on what came', async () => {
    const url = await fakeServer((_, response) => {
      response.writeHead(200, { 'Content-Type': 'application/jsonl; charset=utf-8' });
      response.write('{"id":2}\n');
      setTimeout(() => response.socket?.destroy(), 50);
    });
    const remote = remoteAs(admin, url);
    const { text, error } = await collect(remote.exportAudit({ filters: {}, format: 'jsonl' }));
    expect(text).toBe('{"id":2}\n');
    expect(error).toMatchObject({ code: 'UNAVAILABLE', kind: 'unreachable' });
  });
});
