import { parse } from 'csv-parse/sync';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/common/logger';
import { createBrowserHost, type BrowserHost } from '../../../electron/host/browserHost';
import { newAccessToken } from '../../../electron/host/httpAuth';
import type { RosterCore } from '../../../electron/rpc/createRosterCore';
import { AUDIT_CSV_HEADERS } from '../../../electron/services/directory/local/auditExport';
import { auditExportQueryOf, auditPageQueryOf } from '../../../shared/api/audit';
import type { ChannelName, InputOf } from '../../../shared/contract';
import type { RosterClient } from '../../../shared/contract/client';
import {
  auditExportFileName,
  AuditEntrySchema,
  AuditExportRequestSchema,
  AuditPageRequestSchema,
  type AuditExportFormat,
  type AuditFilters,
} from '../../../shared/domain/audit';
import type { InstanceView } from '../../../shared/domain/instance';
import { useRosterCores, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';
import { connectAsOwner, SKIP_REASON, underKeyring } from '../remoteInstances/support/remoteSupport';
import { startLocalServer } from '../server/support/localServer';
import { newUserFields } from '../server/support/servedInstance';

/**
 * The audit log's channels on a RosterCore, as the page calls them: pages, the chain's check and
 * the retention of the Local instance's directory, and its export as a download ticket fetched
 * over the browser host, in both formats, equal to the pages; then the same channels on a remote
 * instance, equal to what its server answers.
 */

const tempDir = useTempDirs();
const openCore = useRosterCores();

let host: BrowserHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(): Promise<{
  core: RosterCore;
  client: RosterClient;
  base: string;
  local: InstanceView;
}> {
  const dataDir = path.join(tempDir(), 'data');
  mkdirSync(dataDir);
  const { core, client } = openCore(dataDir);
  host = createBrowserHost({ core, staticRoot: tempDir(), token: newAccessToken(), logger: silentLogger });
  const { port } = await host.listen(0);
  const [local] = valueOf(await core.dispatch('instances.list', {})) as InstanceView[];
  if (!local) throw new Error('no Local instance');
  return { core, client, base: `http://127.0.0.1:${port}`, local };
}

const call = async <C extends ChannelName>(client: RosterClient, name: C, input: InputOf<C>) =>
  valueOf(await client.invoke(name, input));

/** Fetches the export a ticket names, its bytes as written (BOM kept). */
async function fetchExport(
  client: RosterClient,
  base: string,
  instanceId: string,
  filters: AuditFilters,
  format: AuditExportFormat,
) {
  const prepared = await call(client, 'directory.audit.export', { instanceId, request: { filters, format } });
  expect(prepared.url).toMatch(/^\/downloads\/[A-Za-z0-9_-]{43}$/);
  expect(prepared.fileName).toBe(auditExportFileName(new Date(), format));
  const response = await fetch(`${base}${prepared.url}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${prepared.fileName}"`);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { contentType: response.headers.get('content-type'), text };
}

describe('the Local instance', () => {
  it('pages, verifies and keeps its log through the channels', async () => {
    const { client, local } = await start();
    const instanceId = local.id;
    for (const prefix of ['ann', 'bea', 'cid'])
      await call(client, 'directory.users.create', {
        instanceId,
        user: { ...newUserFields(prefix), enabled: true },
      });
    const page = await call(client, 'directory.audit.page', {
      instanceId,
      request: { filters: { kinds: ['users'] }, limit: 2 },
    });
    expect(page.entries.map((entry) => entry.action)).toEqual(['user.create', 'user.create']);
    expect(page.next).not.toBeNull();
    const rest = await call(client, 'directory.audit.page', {
      instanceId,
      request: { filters: { kinds: ['users'] }, limit: 2, before: page.next ?? undefined },
    });
    expect(rest.entries.length).toBeGreaterThanOrEqual(1);

    const verified = await call(client, 'directory.audit.verify', { instanceId });
    expect(verified).toMatchObject({ firstBroken: null, prunedThrough: null });
    expect(verified.checked).toBeGreaterThanOrEqual(3);

    expect(await call(client, 'directory.audit.retention', { instanceId })).toEqual({ days: null });
    expect(
      await call(client, 'directory.audit.setRetention', { instanceId, retention: { days: 400 } }),
    ).toEqual({
      days: 400,
    });
    expect(await call(client, 'directory.audit.retention', { instanceId })).toEqual({ days: 400 });
  });

  it('exports JSON Lines and CSV by ticket, each equal to the pages', async () => {
    const { client, base, local } = await start();
    const instanceId = local.id;
    for (const prefix of ['dee', 'eve'])
      await call(client, 'directory.users.create', {
        instanceId,
        user: { ...newUserFields(prefix), displayName: '=Formula, "quoted"', enabled: true },
      });
    const filters: AuditFilters = { kinds: ['users'] };
    const { entries } = await call(client, 'directory.audit.page', { instanceId, request: { filters } });
    expect(entries.length).toBeGreaterThanOrEqual(2);

    const jsonl = await fetchExport(client, base, instanceId, filters, 'jsonl');
    expect(jsonl.contentType).toBe('application/jsonl; charset=utf-8');
    expect(
      jsonl.text
        .split('\n')
        .slice(0, -1)
        .map((line) => AuditEntrySchema.parse(JSON.parse(line))),
    ).toEqual(entries);

    const csv = await fetchExport(client, base, instanceId, filters, 'csv');
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    const records: string[][] = parse(csv.text, { bom: true });
    const [header, ...rows] = records;
    expect(header).toEqual([...AUDIT_CSV_HEADERS]);
    const at = (name: (typeof AUDIT_CSV_HEADERS)[number]) => AUDIT_CSV_HEADERS.indexOf(name);
    expect(
      rows.map((row): unknown[] => [
        Number(row[at('Id')]),
        row[at('Hash')],
        JSON.parse(row[at('After')] ?? ''),
      ]),
    ).toEqual(entries.map((entry) => [entry.id, entry.hash, entry.after]));
  });

  it('refuses a bad request before any ticket is issued', async () => {
    const { core, local } = await start();
    const refused = await core.dispatch('directory.audit.export', {
      instanceId: local.id,
      request: { filters: {}, format: 'xml' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'request.format' } });
  });
});

describe.skipIf(!underKeyring)(`a remote instance${underKeyring ? '' : ` (${SKIP_REASON})`}`, () => {
  it('answers the channels as its server does, and downloads its export by ticket', async () => {
    const server = await startLocalServer();
    try {
      const token = await server.adminToken();
      await server.api.call('POST', '/api/users', { token, body: newUserFields('remdl') });
      const { client, base } = await start();
      const instanceId = (await connectAsOwner(client, server.url)).id;

      const request = AuditPageRequestSchema.parse({ filters: { kinds: ['users', 'signIn'] }, limit: 5 });
      const page = await call(client, 'directory.audit.page', { instanceId, request });
      const direct = await server.api.call(
        'GET',
        `/api/audit?${new URLSearchParams(auditPageQueryOf(request))}`,
        {
          token,
        },
      );
      expect(page).toEqual(direct.body);
      expect(await call(client, 'directory.audit.verify', { instanceId })).toMatchObject({
        firstBroken: null,
      });
      expect(await call(client, 'directory.audit.retention', { instanceId })).toEqual({ days: null });

      for (const format of ['csv', 'jsonl'] as const) {
        const exportRequest = AuditExportRequestSchema.parse({ filters: { kinds: ['users'] }, format });
        const downloaded = await fetchExport(client, base, instanceId, exportRequest.filters, format);
        const served = await fetch(
          `${server.url}/api/audit/export?${new URLSearchParams(auditExportQueryOf(exportRequest))}`,
          { headers: { Authorization: `Bearer ${token}` } },
        );
        expect(downloaded.text).toBe(
          new TextDecoder('utf-8', { ignoreBOM: true }).decode(await served.arrayBuffer()),
        );
      }
    } finally {
      await server.close();
    }
  });
});
