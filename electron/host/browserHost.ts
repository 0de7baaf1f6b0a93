import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '../common/contentSecurityPolicy';
import type { Logger } from '../common/logger';
import { problem, sendProblem } from '../common/problemJson';
import type { ProblemCode } from '../../shared/api/problem';
import { IMPORT_FILE_MAX_CHARS } from '../../shared/domain/userImport';
import { readLimitedBody } from '../common/readLimitedBody';
import { contentTypeFor, resolveStaticFile } from '../common/staticFiles';
import { pipeToResponse } from '../common/fileStream';
import { ticketOfPath } from '../services/downloads/downloadTickets';
import { openDownload } from '../services/downloads/openDownload';
import type { RosterCore } from '../rpc/createRosterCore';
import { hasToken, isOwnOrigin } from './httpAuth';

/**
 * A CSV file to import crosses as one call: its longest text, JSON-escaped (every character of it
 * a quote or a backslash at worst doubles), fits.
 */
export const MAX_BODY_BYTES = 2 * IMPORT_FILE_MAX_CHARS + 64 * 1024;
const HEARTBEAT_MS = 25_000;

export interface BrowserHostOptions {
  core: RosterCore;
  /** The built renderer (out/renderer). */
  staticRoot: string;
  token: string;
  logger: Logger;
}

export interface BrowserHost {
  server: Server;
  /** Listens on 127.0.0.1 only and resolves to the address to open, token included. */
  listen(port: number): Promise<{ port: number; url: string }>;
  close: () => Promise<void>;
}

/**
 * Serves the renderer and the contract to a browser. Static files are public
 * (they are the app's code); every call and the event stream need the
 * per-launch token, the right Host and, from a browser, our own Origin.
 */
export function createBrowserHost(options: BrowserHostOptions): BrowserHost {
  const { core, staticRoot, token, logger } = options;
  let port = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('browser host request failed', error);
      if (!response.headersSent) sendError(response, 500, 'INTERNAL', 'The host could not answer.');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setCommonHeaders(response);
    if (!isOwnOrigin(request, port))
      return sendError(response, 403, 'FORBIDDEN', 'Requests from other origins are refused.');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname.startsWith('/rpc/') || url.pathname === '/events') {
      if (!hasToken(request, token))
        return sendError(response, 401, 'UNAUTHENTICATED', 'A valid access token is required.');
      if (url.pathname === '/events') return streamEvents(request, response);
      if (request.method !== 'POST')
        return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'Use POST.', { Allow: 'POST' });
      if (!/^application\/json\b/.test(request.headers['content-type'] ?? ''))
        return sendError(response, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON.');
      const body = await readLimitedBody(request, MAX_BODY_BYTES);
      if (body === 'too-large')
        return sendError(
          response,
          413,
          'PAYLOAD_TOO_LARGE',
          `Requests are limited to ${MAX_BODY_BYTES} bytes.`,
        );
      let input: unknown;
      try {
        input = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(response, 400, 'INVALID_INPUT', 'The request body is not valid JSON.');
      }
      const started = performance.now();
      const result = await core.dispatch(decodedChannel(url.pathname.slice('/rpc/'.length)), input);
      // The main side's own time, apart from HTTP and JSON: for the browser's developer tools and bench:ui.
      const serverTiming = `dispatch;dur=${(performance.now() - started).toFixed(2)}`;
      return sendJson(response, 200, result, { 'Server-Timing': serverTiming });
    }

    const ticket = ticketOfPath(url.pathname);
    if (ticket !== undefined) return serveDownload(ticket, request, response);

    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'Use GET.', { Allow: 'GET, HEAD' });
    return serveStatic(url.pathname, request, response);
  }

  /** A file the page follows a link to: the ticket in the path is the credential, good once. */
  async function serveDownload(ticket: string, request: IncomingMessage, response: ServerResponse) {
    if (request.method !== 'GET')
      return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'Use GET.', { Allow: 'GET' });
    const opened = openDownload(core.downloads, ticket);
    if (!opened) return sendError(response, 404, 'NOT_FOUND', 'This download is unknown, used or expired.');
    response.writeHead(200, opened.headers);
    try {
      await pipeToResponse(opened.body, response);
    } catch (error) {
      logger.warn(`a download failed midway and was cut off: ${String(error)}`);
    }
  }

  function serveStatic(pathname: string, request: IncomingMessage, response: ServerResponse): void {
    const file = resolveStaticFile(staticRoot, pathname);
    const stat = file ? statOrUndefined(file) : undefined;
    if (!file || !stat?.isFile()) return sendError(response, 404, 'NOT_FOUND', 'Not found.');
    response.writeHead(200, {
      'Content-Type': contentTypeFor(file),
      'Content-Length': stat.size,
      'Cache-Control': file.endsWith('.html') ? 'no-store' : 'max-age=3600',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  }

  function streamEvents(request: IncomingMessage, response: ServerResponse) {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    const unsubscribe = core.events.subscribe((event, payload) => {
      response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    request.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }

  return {
    server,
    listen: (wanted) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(wanted, '127.0.0.1', () => {
          port = (server.address() as AddressInfo).port;
          resolve({ port, url: `http://127.0.0.1:${port}/#token=${token}` });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A path that runs on below a file, or a name too long for the file system, is simply not found. */
function statOrUndefined(file: string) {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Malformed percent-encoding cannot name a channel; the dispatcher then refuses it as unknown. */
function decodedChannel(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

function setCommonHeaders(response: ServerResponse) {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(text);
}

/** Refusals of the transport itself (not of a channel, whose refusals are results) as problem+json. */
function sendError(
  response: ServerResponse,
  status: number,
  code: ProblemCode,
  message: string,
  headers: Readonly<Record<string, string>> = {},
) {
  sendProblem(response, problem(status, code, message), headers);
}
