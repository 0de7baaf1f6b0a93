import { mkdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/common/logger';
import { createBrowserHost, type BrowserHost } from '../../../electron/host/browserHost';
import { newAccessToken } from '../../../electron/host/httpAuth';
import type { RosterCore } from '../../../electron/rpc/createRosterCore';
import {
  createDownloadTickets,
  downloadPath,
  TICKET_TTL_MS,
  type Download,
} from '../../../electron/services/downloads/downloadTickets';
import { PROBLEM_CONTENT_TYPE } from '../../../shared/api/problem';
import type { InstanceView } from '../../../shared/domain/instance';
import { useRosterCores, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';

/**
 * Downloads by ticket: the ticket service on its own (single use, expiry, unguessable), then over
 * the browser host as a page fetches them (headers, 404s, origin, a producer that fails midway or
 * a client that goes away), and the export channel that issues them.
 */

const tempDir = useTempDirs();
const openCore = useRosterCores();

async function* chunks(...parts: string[]) {
  for (const part of parts) {
    await Promise.resolve();
    yield part;
  }
}

const csv = (chunksOf: AsyncIterable<string>): Download => ({
  fileName: 'users-2030-01-01.csv',
  contentType: 'text/csv; charset=utf-8',
  chunks: chunksOf,
});

describe('download tickets', () => {
  it('are 32 random bytes in base64url, each different', () => {
    const tickets = createDownloadTickets();
    const issued = Array.from({ length: 50 }, () => tickets.issue(csv(chunks())));
    for (const ticket of issued) expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(issued).size).toBe(issued.length);
  });

  it('name their download once: a second claim, or a ticket never issued, names none', () => {
    const tickets = createDownloadTickets();
    const download = csv(chunks('a'));
    const ticket = tickets.issue(download);
    expect(tickets.claim('x'.repeat(43))).toBeUndefined();
    expect(tickets.claim(ticket)).toBe(download);
    expect(tickets.claim(ticket)).toBeUndefined();
  });

  it('expire a minute after they were issued', () => {
    let now = 1_000_000;
    const tickets = createDownloadTickets(() => now);
    const kept = tickets.issue(csv(chunks()));
    const late = tickets.issue(csv(chunks()));
    now += TICKET_TTL_MS - 1;
    expect(tickets.claim(kept)).toBeDefined();
    now += 1;
    expect(tickets.claim(late)).toBeUndefined();
  });
});

describe('over the browser host', () => {
  let host: BrowserHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  async function start(): Promise<{ core: RosterCore; base: string; port: number; token: string }> {
    const dataDir = path.join(tempDir(), 'data');
    mkdirSync(dataDir);
    const { core } = openCore(dataDir);
    const token = newAccessToken();
    host = createBrowserHost({ core, staticRoot: tempDir(), token, logger: silentLogger });
    const { port } = await host.listen(0);
    return { core, base: `http://127.0.0.1:${port}`, port, token };
  }

  it('streams a ticket’s file once, as an attachment never cached, without the access token', async () => {
    const { core, base } = await start();
    const ticket = core.downloads.issue(csv(chunks('\ufeffUsername\r\n', 'ann\r\n')));
    const response = await fetch(`${base}${downloadPath(ticket)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="users-2030-01-01.csv"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(
      new TextEncoder().encode('\ufeffUsername\r\nann\r\n'),
    );

    const again = await fetch(`${base}${downloadPath(ticket)}`);
    expect(again.status).toBe(404);
    expect(again.headers.get('content-type')).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  });

  it('answers 404 for a ticket never issued, and 405 for anything but GET', async () => {
    const { core, base } = await start();
    expect((await fetch(`${base}${downloadPath('x'.repeat(43))}`)).status).toBe(404);
    expect((await fetch(`${base}/downloads/`)).status).toBe(404);
    const ticket = core.downloads.issue(csv(chunks('a')));
    const posted = await fetch(`${base}${downloadPath(ticket)}`, { method: 'POST' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET');
  });

  it('refuses another origin before the ticket is looked at, which stays good', async () => {
    const { core, base } = await start();
    const ticket = core.downloads.issue(csv(chunks('a')));
    const foreign = await fetch(`${base}${downloadPath(ticket)}`, {
      headers: { Origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await fetch(`${base}${downloadPath(ticket)}`)).status).toBe(200);
  });

  it('cuts the transfer off when the producer fails midway: the client never sees a clean end', async () => {
    const { core, base } = await start();
    async function* failing() {
      yield '\ufeffUsername\r\nann\r\n';
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('the remote server went away');
    }
    const ticket = core.downloads.issue(csv(failing()));
    const response = await fetch(`${base}${downloadPath(ticket)}`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('ends the producer when the client goes away', async () => {
    const { core, port } = await start();
    let ended: () => void = () => undefined;
    const producerEnded = new Promise<void>((resolve) => (ended = resolve));
    async function* endless() {
      try {
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          yield 'row\r\n';
        }
      } finally {
        ended();
      }
    }
    const ticket = core.downloads.issue(csv(endless()));
    await new Promise<void>((resolve, reject) => {
      const sent = httpRequest({ host: '127.0.0.1', port, path: downloadPath(ticket) }, (response) => {
        response.once('data', () => {
          response.destroy();
          resolve();
        });
      });
      sent.on('error', reject);
      sent.end();
    });
    await producerEnded;
  });

  it('serves the export channel’s file: the Local instance’s users as CSV', async () => {
    const { core, base } = await start();
    const [local] = valueOf(await core.dispatch('instances.list', {})) as InstanceView[];
    if (!local) throw new Error('no Local instance');
    valueOf(
      await core.dispatch('directory.users.create', {
        instanceId: local.id,
        user: { username: 'ann', password: 'ann-password', displayName: 'Ann Lee', email: 'ann@example.com' },
      }),
    );
    const prepared = valueOf(
      await core.dispatch('directory.export.prepare', {
        instanceId: local.id,
        request: { filters: { query: 'ann' }, columns: ['username', 'displayName', 'role'] },
      }),
    ) as { url: string; fileName: string };
    expect(prepared.url).toMatch(/^\/downloads\/[A-Za-z0-9_-]{43}$/);
    expect(prepared.fileName).toMatch(/^users-\d{4}-\d\d-\d\d\.csv$/);

    const response = await fetch(`${base}${prepared.url}`);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${prepared.fileName}"`);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer())).toBe(
      '\ufeffUsername,Display name,Role\r\nann,Ann Lee,Administrator\r\n',
    );
  });
});
