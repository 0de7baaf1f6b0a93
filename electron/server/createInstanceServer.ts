import type { Database } from 'better-sqlite3';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../common/logger';
import type { PasswordHasher } from '../secrets/passwordHasher';
import { DEFAULT_TOKEN_TTL, type TokenTtl } from '../secrets/tokenSecrets';
import { createLocalDirectory } from '../services/directory/local/localDirectory';
import { createAccounts } from '../services/directory/local/accounts';
import { createAddressLimiter, DEFAULT_ADDRESS_LIMIT, type AddressLimit } from './addressLimiter';
import { createAuthService } from './authService';
import { asHttpError, badInput, HttpError } from './httpErrors';
import { DEFAULT_LOCKOUT, type LockoutPolicy } from './lockout';
import { DEFAULT_BODY_LIMIT, readJsonBody } from './requestBody';
import { actAs, apiActor, currentActor } from './requestActor';
import { createRouter, type PublicContext, type Reply } from './router';
import { apiRoutes } from './routes';
import { serverKeychain } from './serverKeychain';

export interface InstanceServerOptions {
  /** An open instance database (openInstanceDatabase), closed with the server. */
  db: Database;
  hasher: PasswordHasher;
  logger: Logger;
  info: { name: string; version: string };
  /** PEM certificate and key: HTTPS instead of HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  now?: () => Date;
  lockout?: LockoutPolicy;
  addressLimit?: AddressLimit;
  tokenTtl?: TokenTtl;
  bodyLimit?: number;
}

export interface InstanceServer {
  listen: (port: number, host: string) => Promise<{ url: string; port: number }>;
  close: () => Promise<void>;
}

/** The instance id only names keychain entries, and the server's keychain stores none. */
const SERVER_INSTANCE_ID = 'instance-server';

/**
 * One instance's users and groups over HTTP(S), on top of the local directory.
 * Every request: route (404/405), bearer token (401), administrator (403),
 * then the handler, which reads and checks its body and query itself; the
 * handler runs as the signed-in user, whom the audit log then names.
 */
export function createInstanceServer(options: InstanceServerOptions): InstanceServer {
  const { db, hasher, logger, info } = options;
  const now = options.now ?? (() => new Date());
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const directory = createLocalDirectory({
    db,
    instanceId: SERVER_INSTANCE_ID,
    hasher,
    keychain: serverKeychain,
    actor: currentActor,
    now,
    tokenTtl: options.tokenTtl ?? DEFAULT_TOKEN_TTL,
  });
  const auth = createAuthService({
    db,
    hasher,
    now,
    logger,
    lockout: options.lockout ?? DEFAULT_LOCKOUT,
    addressLimiter: createAddressLimiter(options.addressLimit ?? DEFAULT_ADDRESS_LIMIT),
    tokenTtl: options.tokenTtl ?? DEFAULT_TOKEN_TTL,
  });
  const route = createRouter(
    apiRoutes({ db, directory, auth, accounts: createAccounts(db, now, currentActor), now, info }),
  );

  async function answer(request: IncomingMessage): Promise<Reply> {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://instance.invalid');
    } catch {
      throw badInput('That request path cannot be read.');
    }
    const match = route(request.method ?? 'GET', url.pathname);
    if (match.kind === 'none') throw new HttpError(404, 'NOT_FOUND', 'There is nothing at this path.');
    if (match.kind === 'method')
      return {
        status: 405,
        body: new HttpError(405, 'INVALID_INPUT', `Use ${match.allowed.join(' or ')}.`).toBody(),
        headers: { Allow: match.allowed.join(', ') },
      };

    const found = match.route;
    const context: PublicContext = {
      params: match.params,
      query: url.searchParams,
      clientAddress: request.socket.remoteAddress ?? 'unknown',
      body: (schema, bodyOptions) => readJsonBody(request, schema, { limit: bodyLimit, ...bodyOptions }),
    };
    if (found.access === 'public') {
      refuseQuery(found.query, url);
      return found.handle(context);
    }
    const principal = auth.authenticate(request.headers.authorization);
    if (found.access === 'admin' && !principal.admin)
      throw new HttpError(403, 'FORBIDDEN', 'Only administrators may manage users and groups.');
    refuseQuery(found.query, url);
    return actAs(apiActor(principal.username), () => found.handle({ ...context, principal }));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = Date.now();
    let reply: Reply;
    try {
      reply = await answer(request);
    } catch (error) {
      const refusal = asHttpError(error);
      if (!refusal) logger.error(`${request.method ?? '?'} ${pathOf(request)} failed`, error);
      reply = errorReply(refusal ?? new HttpError(500, 'INTERNAL', 'The server could not answer.'));
    }
    send(response, reply);
    logger.info(`${request.method ?? '?'} ${pathOf(request)} ${reply.status} ${Date.now() - started}ms`);
  }

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('answering a request failed', error);
      response.destroy();
    });
  };
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : createHttpServer(onRequest);
  // A slow client cannot hold a connection for long.
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;

  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({
            url: `${options.tls ? 'https' : 'http'}://${shownHost}:${address.port}`,
            port: address.port,
          });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          directory.close();
          resolve();
        });
      }),
  };
}

function refuseQuery(allowed: boolean | undefined, url: URL): void {
  if (allowed) return;
  for (const key of url.searchParams.keys()) throw badInput(`Unexpected parameter: ${key}.`, key);
}

function errorReply(error: HttpError): Reply {
  const headers: Record<string, string> = {};
  if (error.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="Roster"';
  if (error.retryAfter !== undefined) headers['Retry-After'] = String(error.retryAfter);
  return { status: error.status, body: error.toBody(), headers };
}

/** The path without its query: search text and the like stay out of the log. */
const pathOf = (request: IncomingMessage) => (request.url ?? '/').split('?')[0] ?? '/';

function send(response: ServerResponse, reply: Reply): void {
  if (response.headersSent) return void response.end();
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
  if (reply.body === undefined) {
    response.writeHead(reply.status);
    response.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}
