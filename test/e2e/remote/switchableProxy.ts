import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { problem, sendProblem } from '../../../electron/common/problemJson';

/**
 * What the proxy does with a request it is told to fault:
 * - pass: forwards it to the server (what it always does with the others);
 * - fail: answers 500 with a problem+json body, as the server with a bug would;
 * - hang: accepts it and never answers, as a server stuck in a lock would;
 * - hold: sends the request's head to the server and keeps its body back, so that the server is
 *   in the middle of it; a test kills the server then, and the proxy drops the client's
 *   connection when the server's goes, as a crash mid-request looks to the client;
 * - lose: forwards it, lets the server carry it out, and drops the client's connection instead of
 *   passing the answer on, as a link that fails on the way back looks to the client;
 * - late: forwards it and keeps the server's answer back until the test calls `releaseLate`, as a
 *   slow link delivers an older answer after a newer one.
 */
export type ProxyMode = 'pass' | 'fail' | 'hang' | 'hold' | 'lose' | 'late';

/** A request seen by the proxy, for tests to wait on and to check what was faulted. */
export interface ProxiedRequest {
  method: string;
  path: string;
  mode: ProxyMode;
  /** The Idempotency-Key header, if the request carried one. */
  idempotencyKey: string | undefined;
}

export interface SwitchableProxy {
  /** http://127.0.0.1:<port>: what the app is told the server's address is. */
  url: string;
  /** Changes what happens to the next faultable requests (those already held or hanging stay so). */
  setMode: (mode: ProxyMode) => void;
  /** Every request so far, in order of arrival. */
  requests: () => readonly ProxiedRequest[];
  /** Resolves with the first faultable request, from now on, that the proxy did not simply pass. */
  nextFaulted: () => Promise<ProxiedRequest>;
  /** Passes on every answer held back in 'late' mode; resolves once the client has them all. */
  releaseLate: () => Promise<void>;
  /** Stops listening and destroys every connection, hanging ones included. */
  close: () => Promise<void>;
}

export interface SwitchableProxyOptions {
  /** Which requests the mode applies to; the others always pass (default: every request). */
  faults?: (method: string, path: string) => boolean;
  /** The message of the 500 answer in 'fail' mode. */
  failMessage?: string;
}

/** Saves of users: PATCH /api/users/:id and POST /api/users, so that sign-in, health and reads still work. */
export const userSaves = (method: string, path: string) =>
  (method === 'PATCH' && /^\/api\/users\/\d+$/.test(path)) || (method === 'POST' && path === '/api/users');

/** Headers that describe one hop's connection, not the message: never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const endToEnd = (headers: IncomingHttpHeaders): IncomingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));

/** A tiny HTTP proxy on 127.0.0.1 in front of `target` (http://host:port), whose mode a test switches. */
export function startSwitchableProxy(
  target: string,
  options: SwitchableProxyOptions = {},
): Promise<SwitchableProxy> {
  const upstream = new URL(target);
  const faults = options.faults ?? (() => true);
  const failMessage = options.failMessage ?? 'The database is on fire.';
  let mode: ProxyMode = 'pass';
  const seen: ProxiedRequest[] = [];
  let waiters: ((request: ProxiedRequest) => void)[] = [];
  // Late answers wait for the gate to open; `sentLate` settle once each has reached the client.
  let openGate = () => {};
  let gate = new Promise<void>((open) => (openGate = open));
  let sentLate: Promise<void>[] = [];
  const sockets = new Set<Socket>();

  /** The client learns nothing but that the connection went away, as with a server that died. */
  const drop = (request: IncomingMessage) => request.socket.destroy();

  const forward = (
    request: IncomingMessage,
    response: ServerResponse,
    how: 'pass' | 'hold' | 'lose' | 'late',
  ) => {
    const outgoing = httpRequest({
      host: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path: request.url,
      headers: { ...endToEnd(request.headers), host: upstream.host },
      // A connection per request: nothing pooled outlives the test or a killed server.
      agent: false,
    });
    // Settles once the client has the answer, or has gone: counted from the request, so that a
    // release never misses an answer the server has not sent yet.
    const reachedClient = new Promise<void>((done) => response.on('close', () => done()));
    if (how === 'late') sentLate.push(reachedClient);
    outgoing.on('response', (answer) => {
      if (how === 'lose') {
        answer.resume();
        answer.on('end', () => drop(request));
        return;
      }
      const passOn = () => {
        response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(response);
        answer.on('error', () => drop(request));
      };
      if (how === 'late') void gate.then(passOn);
      else passOn();
    });
    outgoing.on('error', () => drop(request));
    // The client gave up (its timeout) or went away: so does the request to the server.
    response.on('close', () => {
      if (!response.writableFinished) outgoing.destroy();
    });
    if (how === 'hold') {
      // The server has the head and waits for the body that never comes.
      outgoing.flushHeaders();
      request.resume();
    } else {
      request.pipe(outgoing);
    }
  };

  const server = createServer((request, response) => {
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const applied: ProxyMode = faults(method, path) ? mode : 'pass';
    const key = request.headers['idempotency-key'];
    const entry: ProxiedRequest = {
      method,
      path,
      mode: applied,
      idempotencyKey: typeof key === 'string' ? key : undefined,
    };
    seen.push(entry);
    if (applied !== 'pass') {
      const waiting = waiters;
      waiters = [];
      for (const resolve of waiting) resolve(entry);
    }
    switch (applied) {
      case 'pass':
      case 'hold':
      case 'lose':
      case 'late':
        return forward(request, response, applied);
      case 'hang':
        request.resume();
        return;
      case 'fail':
        request.resume();
        return sendProblem(response, problem(500, 'INTERNAL', failMessage));
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A hanging request must never be cut short by Node's own timeouts: the client is the one to give up.
  server.requestTimeout = 0;
  server.headersTimeout = 0;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        setMode: (next) => {
          mode = next;
        },
        requests: () => [...seen],
        nextFaulted: () => new Promise((done) => waiters.push(done)),
        releaseLate: async () => {
          openGate();
          gate = new Promise<void>((open) => (openGate = open));
          const sending = sentLate;
          sentLate = [];
          await Promise.all(sending);
        },
        close: () =>
          new Promise<void>((closed) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => closed());
          }),
      });
    });
  });
}
