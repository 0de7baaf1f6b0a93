import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/common/contentSecurityPolicy';
import { silentLogger, type Logger } from '../../electron/common/logger';
import { createBrowserHost, MAX_BODY_BYTES, type BrowserHost } from '../../electron/host/browserHost';
import { newAccessToken } from '../../electron/host/httpAuth';
import type { RosterCore } from '../../electron/rpc/createRosterCore';
import { PROBLEM_CONTENT_TYPE, type Problem } from '../../shared/api/problem';
import { events } from '../../shared/contract/events';
import type { InstanceView } from '../../shared/domain/instance';
import { readSettingsText, useRosterCores } from '../unit/support/rosterCore';
import { useTempDirs } from '../unit/support/tempDir';

const tempDir = useTempDirs();
const openCore = useRosterCores();

const INDEX_HTML = '<!doctype html><title>Roster test page</title>';
const APP_JS = 'console.log("roster test bundle");';
const SECRET = 'this file sits next to the static root and must never be served';

interface Running {
  host: BrowserHost;
  core: RosterCore;
  dataDir: string;
  token: string;
  port: number;
  url: string;
  base: string;
  logger: Logger & { error: ReturnType<typeof vi.fn> };
  /** How many event-stream subscriptions are open on the core right now. */
  liveSubscriptions: () => number;
}

let running: Running | undefined;

async function start(): Promise<Running> {
  const base = tempDir();
  const dataDir = path.join(base, 'data');
  const staticRoot = path.join(base, 'static');
  mkdirSync(dataDir);
  mkdirSync(path.join(staticRoot, 'assets'), { recursive: true });
  writeFileSync(path.join(staticRoot, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(staticRoot, 'assets', 'app.js'), APP_JS);
  writeFileSync(path.join(base, 'secret.txt'), SECRET);

  const { core: realCore } = openCore(dataDir);
  let live = 0;
  // The real core, with its bus counted so that a leaked subscription shows.
  const core: RosterCore = {
    dispatch: realCore.dispatch,
    downloads: realCore.downloads,
    close: realCore.close,
    events: {
      emit: realCore.events.emit,
      subscribe: (listener) => {
        live += 1;
        const off = realCore.events.subscribe(listener);
        let done = false;
        return () => {
          if (!done) live -= 1;
          done = true;
          off();
        };
      },
    },
  };
  const logger = { ...silentLogger, error: vi.fn() };
  const token = newAccessToken();
  const host = createBrowserHost({ core, staticRoot, token, logger });
  const { port, url } = await host.listen(0);
  running = {
    host,
    core,
    dataDir,
    token,
    port,
    url,
    base: `http://127.0.0.1:${port}`,
    logger,
    liveSubscriptions: () => live,
  };
  return running;
}

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  await running?.host.close();
  running = undefined;
});

const host = (): Running => {
  if (!running) throw new Error('host not started');
  return running;
};

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http, for what fetch will not send: any Host header, raw un-normalised paths. */
function raw(options: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: host().port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/**
 * A refusal of the transport itself (not of a channel, whose refusals are results): RFC 9457
 * problem details, as application/problem+json, whose status is the answer's.
 */
async function problemOf(response: Response | RawResponse): Promise<Problem> {
  const isRaw = !(response instanceof Response);
  const contentType = isRaw ? response.headers['content-type'] : response.headers.get('content-type');
  expect(contentType).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  const body = (isRaw ? JSON.parse(response.body) : await response.json()) as Problem;
  expect(body.status).toBe(response.status);
  return body;
}

const auth = () => ({ Authorization: `Bearer ${host().token}` });

function rpc(channel: string, input: unknown, headers: Record<string, string> = auth()): Promise<Response> {
  return fetch(`${host().base}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

async function listInstances(): Promise<InstanceView[]> {
  const response = await rpc('instances.list', {});
  const body = (await response.json()) as { ok: boolean; value: InstanceView[] };
  expect(body.ok).toBe(true);
  return body.value;
}

describe('the browser host', () => {
  it('listens on 127.0.0.1 and gives an address that carries the token in its fragment', () => {
    const { url, port, token, host: browserHost } = host();
    expect(port).toBeGreaterThan(0);
    expect(browserHost.server.address()).toMatchObject({ address: '127.0.0.1', port });
    expect(url).toBe(`http://127.0.0.1:${port}/#token=${token}`);
  });

  it('refuses to listen on a port that is taken', async () => {
    const second = createBrowserHost({
      core: host().core,
      staticRoot: host().dataDir,
      token: newAccessToken(),
      logger: silentLogger,
    });
    await expect(second.listen(host().port)).rejects.toThrow(/EADDRINUSE/);
  });

  describe('static files', () => {
    it('serves index.html at / with the content security policy', async () => {
      const response = await fetch(`${host().base}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX_HTML);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('serves assets without a token', async () => {
      const response = await fetch(`${host().base}/assets/app.js`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await response.text()).toBe(APP_JS);
    });

    it('answers HEAD with the headers and no body', async () => {
      const response = await raw({ path: '/assets/app.js', method: 'HEAD' });
      expect(response.status).toBe(200);
      expect(response.headers['content-length']).toBe(String(Buffer.byteLength(APP_JS)));
      expect(response.body).toBe('');
    });

    it.each(['/missing.js', '/assets', '/assets/', '/no/such/folder/file.js'])(
      'answers %s with 404',
      async (urlPath) => {
        const response = await raw({ path: urlPath });
        expect(response.status).toBe(404);
        expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      },
    );

    it.each([
      ['a path that goes on below a file', '/assets/app.js/x'],
      ['a name longer than the file system allows', `/${'a'.repeat(300)}.js`],
    ])('answers %s with 404, not a host failure', async (_label, urlPath) => {
      const response = await raw({ path: urlPath });
      expect(response.status).toBe(404);
      expect(await problemOf(response)).toMatchObject({ code: 'NOT_FOUND' });
      expect(host().logger.error).not.toHaveBeenCalled();
    });

    it.each([
      '/../secret.txt',
      '/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/index.html%00',
      '/%E0%A4%A',
    ])('answers the traversal %s with 404 and never the file', async (urlPath) => {
      const response = await raw({ path: urlPath });
      expect(response.status).toBe(404);
      expect(response.body).not.toContain(SECRET);
    });

    it('refuses methods other than GET and HEAD', async () => {
      const response = await fetch(`${host().base}/index.html`, { method: 'PUT', body: 'x' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(await problemOf(response)).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    });
  });

  describe('calls', () => {
    it('answers a call with the right token', async () => {
      const response = await rpc('instances.list', {});
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as { ok: boolean; value: InstanceView[] };
      expect(body.ok).toBe(true);
      expect(body.value.map((instance) => instance.name)).toEqual(['Local']);
    });

    it('accepts our own origin, as a browser on this page sends it', async () => {
      const response = await rpc('instances.list', {}, { ...auth(), Origin: host().base });
      expect(response.status).toBe(200);
    });

    it('refuses a call without a token with 401', async () => {
      const response = await rpc('instances.list', {}, {});
      expect(response.status).toBe(401);
      expect(await problemOf(response)).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it.each([
      ['a wrong token', () => 'Bearer not-the-token'],
      ['the token with a character more', () => `Bearer ${host().token}x`],
      ['the token with a character less', () => `Bearer ${host().token.slice(1)}`],
      ['the token without the Bearer scheme', () => host().token],
      ['another scheme', () => `Basic ${host().token}`],
      ['the token followed by more', () => `Bearer ${host().token} extra`],
      ['an empty bearer', () => 'Bearer '],
    ])('refuses %s with 401', async (_label, authorization) => {
      const response = await rpc('instances.list', {}, { Authorization: authorization() });
      expect(response.status).toBe(401);
      expect(await problemOf(response)).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('does not take the token from the query string', async () => {
      const response = await fetch(`${host().base}/rpc/instances.list?token=${host().token}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(401);
    });

    it.each(['http://evil.example', 'null', 'https://127.0.0.1', 'http://localhost.evil.example'])(
      'refuses the Origin %s with 403, even with the token',
      async (origin) => {
        const response = await raw({
          path: '/rpc/instances.list',
          method: 'POST',
          headers: {
            Host: `127.0.0.1:${host().port}`,
            Origin: origin,
            'Content-Type': 'application/json',
            ...auth(),
          },
          body: '{}',
        });
        expect(response.status).toBe(403);
        expect(await problemOf(response)).toMatchObject({ code: 'FORBIDDEN' });
      },
    );

    it('refuses an Origin on another port of this machine', async () => {
      const response = await rpc(
        'instances.list',
        {},
        { ...auth(), Origin: `http://127.0.0.1:${host().port + 1}` },
      );
      expect(response.status).toBe(403);
    });

    it.each([
      () => 'evil.example',
      () => `evil.example:${host().port}`,
      () => '127.0.0.1',
      () => `127.0.0.1:${host().port + 1}`,
      () => `localhost.evil.example:${host().port}`,
      () => `0.0.0.0:${host().port}`,
    ])('refuses a rebound Host header (case %#) with 403, for calls and pages alike', async (hostHeader) => {
      const call = await raw({
        path: '/rpc/instances.list',
        method: 'POST',
        headers: { Host: hostHeader(), 'Content-Type': 'application/json', ...auth() },
        body: '{}',
      });
      expect(call.status).toBe(403);
      const page = await raw({ path: '/', headers: { Host: hostHeader() } });
      expect(page.status).toBe(403);
      expect(page.body).not.toContain(INDEX_HTML);
    });

    it('accepts localhost:<port> as a Host', async () => {
      const response = await raw({
        path: '/rpc/instances.list',
        method: 'POST',
        headers: { Host: `localhost:${host().port}`, 'Content-Type': 'application/json', ...auth() },
        body: '{}',
      });
      expect(response.status).toBe(200);
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
      'refuses the content type %s with 415',
      async (contentType) => {
        const response = await fetch(`${host().base}/rpc/instances.list`, {
          method: 'POST',
          headers: { 'Content-Type': contentType, ...auth() },
          body: '{}',
        });
        expect(response.status).toBe(415);
        expect(await problemOf(response)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
      },
    );

    it('refuses GET on a channel', async () => {
      const response = await fetch(`${host().base}/rpc/instances.list`, { headers: auth() });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await problemOf(response)).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    });

    it('refuses a body over its limit (a file to import at its largest) with 413 and changes nothing', async () => {
      const [local] = await listInstances();
      const before = readSettingsText(host().dataDir);
      const body = JSON.stringify({ id: local?.id, name: 'n'.repeat(MAX_BODY_BYTES) });
      expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_BODY_BYTES);
      const response = await fetch(`${host().base}/rpc/instances.rename`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth() },
        body,
      });
      expect(response.status).toBe(413);
      expect(await problemOf(response)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(readSettingsText(host().dataDir)).toBe(before);
      expect(await listInstances()).toEqual([local]);
    });

    it('refuses malformed JSON with 400', async () => {
      const response = await fetch(`${host().base}/rpc/instances.list`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth() },
        body: '{"unterminated": ',
      });
      expect(response.status).toBe(400);
      expect(await problemOf(response)).toMatchObject({ code: 'INVALID_INPUT' });
    });

    it.each(['nope', '__proto__', 'constructor', 'instances', '%20instances.list'])(
      'answers the unknown channel %s with UNKNOWN_CHANNEL',
      async (channel) => {
        const response = await rpc(channel, {});
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      },
    );

    it('treats a channel name with broken percent-encoding as an unknown channel, not a host failure', async () => {
      const response = await rpc('instances.list%E0%A4%A', {});
      expect(response.status).toBeLessThan(500);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      expect(host().logger.error).not.toHaveBeenCalled();
    });

    it('answers a malformed payload with INVALID_INPUT naming the field, and changes nothing', async () => {
      const before = readSettingsText(host().dataDir);
      const response = await rpc('instances.rename', { id: 'not-a-uuid', name: 'x' });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', field: 'id' },
      });
      expect(readSettingsText(host().dataDir)).toBe(before);
    });

    it('answers an empty body as a missing input', async () => {
      const response = await fetch(`${host().base}/rpc/instances.list`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth() },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    });

    it('carries a call through to the services and persists it', async () => {
      const [local] = await listInstances();
      const response = await rpc('instances.rename', { id: local?.id, name: 'Over HTTP' });
      expect(await response.json()).toMatchObject({ ok: true, value: { id: local?.id, name: 'Over HTTP' } });
      const reopened = openCore(host().dataDir);
      const listed = await reopened.core.dispatch('instances.list', {});
      expect(listed).toMatchObject({ ok: true, value: [{ name: 'Over HTTP' }] });
    });
  });

  describe('the event stream', () => {
    /** Reads the stream until `done` says enough, or fails after a timeout. */
    async function readUntil(
      reader: ReadableStreamDefaultReader<string>,
      done: (text: string) => boolean,
      timeoutMs = 5000,
    ): Promise<string> {
      let text = '';
      const deadline = Date.now() + timeoutMs;
      while (!done(text)) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`Timed out; the stream said: ${JSON.stringify(text)}`);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Timed out; the stream said: ${JSON.stringify(text)}`)),
            remaining,
          );
        });
        try {
          const chunk = await Promise.race([reader.read(), timeout]);
          if (chunk.done) throw new Error(`The stream ended; it said: ${JSON.stringify(text)}`);
          text += chunk.value;
        } finally {
          clearTimeout(timer);
        }
      }
      return text;
    }

    it('refuses the stream without the token', async () => {
      const response = await fetch(`${host().base}/events`);
      expect(response.status).toBe(401);
      expect(await problemOf(response)).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(host().liveSubscriptions()).toBe(0);
    });

    it('pushes instances.changed after a rename, and lets go when the browser does', async () => {
      const abort = new AbortController();
      const response = await fetch(`${host().base}/events`, { headers: auth(), signal: abort.signal });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const body = response.body;
      if (!body) throw new Error('no body');
      const reader = body.pipeThrough(new TextDecoderStream()).getReader();
      await readUntil(reader, (text) => text.includes(': connected'));
      expect(host().liveSubscriptions()).toBe(1);

      const [local] = await listInstances();
      const renamed = await rpc('instances.rename', { id: local?.id, name: 'Streamed' });
      expect(renamed.status).toBe(200);

      const text = await readUntil(reader, (seen) => /event: instances\.changed\ndata: .*\n\n/.test(seen));
      const data = /event: instances\.changed\ndata: (.*)\n\n/.exec(text)?.[1] ?? '';
      const payload = events['instances.changed'].parse(JSON.parse(data));
      expect(payload.map((instance) => instance.name)).toEqual(['Streamed']);

      abort.abort();
      await vi.waitFor(() => {
        expect(host().liveSubscriptions()).toBe(0);
      });
    });
  });
});
