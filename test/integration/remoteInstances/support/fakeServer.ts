import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { API_VERSION } from '../../../../shared/api';
import {
  PROBLEM_CONTENT_TYPE,
  problemType,
  type Problem,
  type ProblemCode,
} from '../../../../shared/api/problem';

/**
 * How the fake instance server behaves right now:
 * - ok: a healthy server whose only account is the administrator "owner";
 * - error500: answers every request with HTTP 500;
 * - silent: accepts every request and never answers;
 * - holdSignIn: like ok, but keeps sign-in requests waiting until `release()`.
 */
export type FakeMode = 'ok' | 'error500' | 'silent' | 'holdSignIn';

export interface FakeServer {
  url: string;
  setMode: (mode: FakeMode) => void;
  /** How many requests each "METHOD /path" got; those to the token endpoint by "METHOD /path grant". */
  counts: Map<string, number>;
  /** Every request body the server received, as text. */
  bodies: string[];
  /** Answers the sign-in requests held in holdSignIn mode. */
  release: () => void;
  close: () => Promise<void>;
}

/** The token endpoint's answer (RFC 6749 §5.1), to a password grant and a refresh grant alike. */
const TOKENS = {
  access_token: 'fake-access',
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: 'fake-refresh',
  scope: 'read write',
  password_change_required: false,
};

/** What `counts` calls a sign-in: a password grant at the OAuth token endpoint. */
export const SIGN_IN = 'POST /oauth/token password';

const send = (response: ServerResponse, status: number, body?: unknown) => {
  if (body === undefined) {
    response.writeHead(status);
    response.end();
    return;
  }
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
};

/** An error answer as the instance server writes it: RFC 9457 problem details. */
const sendProblem = (response: ServerResponse, status: number, code: ProblemCode, detail: string) => {
  const body: Problem = { type: problemType(code), title: 'Error', status, detail, code };
  response.writeHead(status, { 'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8` });
  response.end(JSON.stringify(body));
};

export interface FakeServerOptions {
  /** Serves HTTPS with this certificate (files as test/support/selfSignedCertificate makes them). */
  tls?: { certFile: string; keyFile: string };
  /** A port to listen on (a restart on the same address); a free one unless given. */
  port?: number;
}

/** A stand-in for an instance server on 127.0.0.1 that can be told to fail in the ways a real one does. */
export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  let mode: FakeMode = 'ok';
  const counts = new Map<string, number>();
  const bodies: string[] = [];
  const held: (() => void)[] = [];

  const healthy = (key: string, response: ServerResponse) => {
    switch (key) {
      case 'GET /api/health':
        return send(response, 200, {
          name: 'Fake instance server',
          version: '9.9.9',
          api: API_VERSION,
          mail: false,
        });
      case SIGN_IN:
      case 'POST /oauth/token refresh_token':
        return send(response, 200, TOKENS);
      case 'POST /api/auth/logout':
        return send(response, 204);
      case 'GET /api/auth/me':
        return send(response, 200, { id: 1, username: 'owner', role: 'administrator', via: 'session' });
      case 'GET /api/users':
        return send(response, 200, { total: 0, offset: 0, items: [] });
      default:
        return sendProblem(response, 404, 'NOT_FOUND', 'No such route.');
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse, body: string) => {
    let key = `${request.method ?? ''} ${new URL(request.url ?? '/', 'http://x').pathname}`;
    const token = key === 'POST /oauth/token';
    if (token) key += ` ${new URLSearchParams(body).get('grant_type') ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    bodies.push(body);
    if (mode === 'silent') return;
    if (mode === 'error500') return sendProblem(response, 500, 'INTERNAL', 'The disk is full.');
    // OAuth's token endpoint takes forms only, as the real server does.
    if (token && request.headers['content-type'] !== 'application/x-www-form-urlencoded')
      return send(response, 400, { error: 'invalid_request', error_description: 'Send a form.' });
    if (mode === 'holdSignIn' && key === SIGN_IN) {
      held.push(() => healthy(key, response));
      return;
    }
    healthy(key, response);
  };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')));
  };
  const { tls } = options;
  const server = tls
    ? createHttpsServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, listener)
    : createServer(listener);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    setMode: (next) => {
      mode = next;
    },
    counts,
    bodies,
    release: () => {
      for (const answer of held.splice(0)) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
