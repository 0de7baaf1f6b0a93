import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { api } from '../../shared/api';
import { problem, sendProblem } from '../common/problemJson';
import { byteStream, fileHeaders, pipeToResponse } from '../common/fileStream';
import type { PasswordHasher } from '../secrets/passwordHasher';
import { DEFAULT_TOKEN_TTL, type TokenTtl } from '../secrets/tokenSecrets';
import type { Logger } from '../common/logger';
import { INVITATION_PATH } from '../services/directory/local/accountLifecycle';
import { DEFAULT_ADDRESS_LIMIT, type AddressLimit } from '../services/signIn/addressLimits';
import { DEFAULT_LOCKOUT, type LockoutPolicy } from '../services/signIn/lockout';
import { createSignInService } from '../services/signIn/signInService';
import { answerApiRequest, type Reply } from './apiRequest';
import { clientAddressOf } from './clientAddress';
import { createDocsPage, DOCS_CONTENT_SECURITY_POLICY } from './docsPage';
import { createInvitationMailer, type MailSettings } from './invitationMailer';
import { createInvitationPage, INVITATION_CONTENT_SECURITY_POLICY, invitationToken } from './invitationPage';
import { apiHandlers } from './handlers';
import { asHttpError, HttpError } from './httpErrors';
import { OAuthError, sendOAuthError } from './oauthErrors';
import { openApiDocument } from './openApi';
import { DEFAULT_BODY_LIMIT } from './requestBody';
import {
  actAs,
  currentActor,
  currentRole,
  currentSessionId,
  currentSource,
  currentUserId,
} from './requestActor';
import { directoryOf, workRunnerOf, type InstanceStorage } from './instanceStorage';
import { createRouter } from './router';
import { serverKeychain } from './serverKeychain';
import type { ServerLog } from './serverLog';

export interface InstanceServerOptions {
  /** The open instance (openInstanceStorage), closed with the server. */
  storage: InstanceStorage;
  hasher: PasswordHasher;
  log: ServerLog;
  info: { name: string; version: string };
  /** PEM certificate and key: HTTPS instead of HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Behind a reverse proxy: the client's address is the last one in X-Forwarded-For. */
  trustProxy?: boolean;
  now?: () => Date;
  lockout?: LockoutPolicy;
  addressLimit?: AddressLimit;
  tokenTtl?: TokenTtl;
  bodyLimit?: number;
  /** A bulk or import job whose process gave no sign of life for this long reads as failed. */
  jobStaleMs?: number;
  /**
   * The address people reach this server at, for invitation links (behind a proxy, say); by
   * default the address it listens on.
   */
  publicUrl?: string;
  /** An SMTP server to mail invitation links through; without one, admins copy the links. */
  mail?: MailSettings;
}

export interface InstanceServer {
  listen: (port: number, host: string) => Promise<{ url: string; port: number }>;
  /**
   * Stops taking connections, lets the requests in flight finish for up to `graceMs`, then cuts
   * what is left and closes the instance file.
   */
  close: (options?: { graceMs?: number }) => Promise<void>;
}

/** The instance id only names keychain entries, and the server's keychain stores none. */
const SERVER_INSTANCE_ID = 'instance-server';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** A job's id is the key its one-time secrets are sealed under (jobStore.ts): it never reaches the log. */
const JOB_PATH = /^(\/api\/users\/(?:bulk|import)\/)[0-9a-f-]{36}$/;

/**
 * One instance's users and groups over HTTP(S): the REST API declared in shared/api, its OpenAPI
 * document at /api/openapi.json and a docs page at /api/docs. Handlers reach the instance only
 * through the Directory (and sign-in), so every rule holds as it does for the app.
 */
export function createInstanceServer(options: InstanceServerOptions): InstanceServer {
  const { storage, hasher, log, info } = options;
  const now = options.now ?? (() => new Date());
  const tokenTtl = options.tokenTtl ?? DEFAULT_TOKEN_TTL;
  // Known once the server listens, unless given.
  let publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const logger: Logger = {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message, error) => log.error({ err: error }, message),
  };
  const directory = directoryOf(storage, {
    instanceId: SERVER_INSTANCE_ID,
    hasher,
    keychain: serverKeychain,
    actor: currentActor,
    callerRole: currentRole,
    callerUserId: currentUserId,
    callerSessionId: currentSessionId,
    callerSource: currentSource,
    now,
    tokenTtl,
    logger,
    ...(options.jobStaleMs === undefined ? {} : { jobStaleMs: options.jobStaleMs }),
    invitations: {
      link: (token) => `${publicUrl ?? ''}${INVITATION_PATH}${token}`,
      ...(options.mail ? { mail: createInvitationMailer(options.mail, info.name) } : {}),
    },
  });
  const invitationPage = createInvitationPage({ directory, name: info.name });
  const signIn = createSignInService({
    storage: workRunnerOf(storage),
    hasher,
    now,
    logger,
    lockout: options.lockout ?? DEFAULT_LOCKOUT,
    addressLimit: options.addressLimit ?? DEFAULT_ADDRESS_LIMIT,
    tokenTtl,
  });
  const deps = {
    route: createRouter(api),
    handlers: apiHandlers({ directory, signIn, info: { ...info, mail: options.mail !== undefined }, now }),
    signIn,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
  };
  // Made on first request: turning every schema into JSON Schema is most of a cold start's CPU.
  let openApiText: string | undefined;
  const docs = createDocsPage();
  let inFlight = 0;
  let closing = false;
  const drained: (() => void)[] = [];

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const given = request.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const url = new URL(request.url ?? '/', 'http://instance.invalid');
    let user: string | undefined;
    response.setHeader('X-Request-Id', requestId);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (closing) response.setHeader('Connection', 'close');

    const invitation = invitationToken(url.pathname);
    const document =
      url.pathname === '/api/openapi.json'
        ? {
            contentType: 'application/json; charset=utf-8',
            body: (openApiText ??= JSON.stringify(openApiDocument(info))),
          }
        : docs(url.pathname);
    if (invitation !== undefined) {
      try {
        // Nobody is signed in, but the audit log names where the acceptance came from.
        const address = clientAddressOf(request, options.trustProxy === true);
        const shown = await actAs(null, address, () => invitationPage(invitation, request));
        response.writeHead(shown.status, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': INVITATION_CONTENT_SECURITY_POLICY,
          'Referrer-Policy': 'no-referrer',
          'Cache-Control': 'no-store',
        });
        response.end(shown.body);
      } catch (error) {
        log.error({ requestId, err: error }, 'invitation page failed');
        if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end('The server could not answer.');
      }
    } else if (document && request.method !== 'GET')
      sendProblem(response, problem(405, 'METHOD_NOT_ALLOWED', 'Use GET.'), { Allow: 'GET' });
    else if (document) {
      response.writeHead(200, {
        'Content-Type': document.contentType,
        'Content-Security-Policy': DOCS_CONTENT_SECURITY_POLICY,
        'Cache-Control': 'no-cache',
      });
      response.end(document.body);
    } else {
      try {
        const reply = await answerApiRequest(deps, {
          request,
          url,
          clientAddress: clientAddressOf(request, options.trustProxy === true),
          onPrincipal: (principal) => (user = principal.username),
        });
        if (reply.file) await sendFile(response, reply.file);
        else send(response, reply);
      } catch (error) {
        const refusal = error instanceof OAuthError ? undefined : asHttpError(error);
        if (!refusal && !(error instanceof OAuthError))
          log.error({ requestId, err: error }, 'request failed');
        const failure = refusal ?? new HttpError(500, 'INTERNAL', 'The server could not answer.');
        if (response.headersSent) response.end();
        else if (error instanceof OAuthError) sendOAuthError(response, error);
        else
          sendProblem(
            response,
            failure.toProblem(),
            failure.extras.allow === undefined ? {} : { Allow: failure.extras.allow },
          );
      }
    }
    log.info(
      {
        requestId,
        method: request.method,
        // An invitation's token is a password until it is used, and a job's id opens its secrets.
        path: invitation === undefined ? url.pathname.replace(JOB_PATH, '$1…') : `${INVITATION_PATH}…`,
        status: response.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(user === undefined ? {} : { user }),
      },
      'request',
    );
  }

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) for (const resolve of drained.splice(0)) resolve();
    });
    handle(request, response).catch((error: unknown) => {
      log.error({ err: error }, 'answering a request failed');
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
          const url = `${options.tls ? 'https' : 'http'}://${shownHost}:${address.port}`;
          publicUrl ??= url;
          resolve({ url, port: address.port });
        });
      }),
    async close({ graceMs = 0 } = {}) {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0 && graceMs > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => drained.push(resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
        ]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await stopped;
      directory.close();
    },
  };
}

/** A file answer, streamed as the client reads it; a failure midway cuts the transfer off. */
async function sendFile(response: ServerResponse, file: NonNullable<Reply['file']>): Promise<void> {
  response.writeHead(200, fileHeaders(file));
  await pipeToResponse(byteStream(file.chunks), response);
}

function send(response: ServerResponse, reply: Reply): void {
  response.setHeader('Cache-Control', 'no-store');
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
