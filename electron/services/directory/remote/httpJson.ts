import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../common/logger';
import { RemoteError, type HttpAnswer } from './remoteErrors';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface HttpJsonOptions {
  /** http(s)://host:port, without a trailing /api. */
  baseUrl: string;
  /** Per request, including reading the body (default 10 s). */
  timeoutMs?: number;
  /**
   * The transport (connections/transport.ts): Electron's net.fetch in the app, Node's fetch in
   * tests and the browser host, either trusting the instance's pinned certificate. Node's global
   * fetch unless given.
   */
  fetch?: FetchLike;
  /**
   * Told of every request: method, path without its query, status (or failure), time and the
   * X-Request-Id sent, which the instance server logs too.
   */
  logger?: Logger;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Sent form-encoded instead of a JSON body (OAuth's endpoints). */
  form?: Readonly<Record<string, string>>;
  token?: string;
  headers?: Readonly<Record<string, string>>;
}

export type HttpJson = (request: HttpRequest) => Promise<HttpAnswer>;

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** The server went away in the middle of a request (a crash, a restart, a dropped link). */
const CUT_OFF_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
const NAME_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const TLS_CODES: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'it is signed by a certificate authority this computer does not trust',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed and not trusted by this computer',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not known to this computer',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for another host name',
  CERT_REVOKED: 'it has been revoked',
};
/**
 * Requests a repeat cannot do twice, the only ones sent again after a connection failure: GET,
 * PUT and DELETE, and a create that carries an Idempotency-Key (the server answers a repeat with
 * the first result).
 */
const isIdempotent = (request: HttpRequest): boolean =>
  ['GET', 'PUT', 'DELETE'].includes(request.method) || request.headers?.['Idempotency-Key'] !== undefined;

/** The `code` of an error or of its causes (fetch wraps Node's error in TypeError('fetch failed')). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Object; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const inner = (current as { errors?: unknown }).errors; // AggregateError (IPv4 and IPv6 both refused)
    if (Array.isArray(inner)) codes.push(...inner.flatMap((item) => errorCodes(item)));
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

const errorName = (error: unknown): string | undefined => {
  const name = error instanceof Object ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
};

/** A transport failure (no HTTP answer) as a typed error saying which. */
export function classifyFailure(error: unknown, origin: string, timeoutMs: number): RemoteError {
  // The transport already said what went wrong (an untrusted certificate, with its details).
  if (error instanceof RemoteError) return error;
  const name = errorName(error);
  if (name === 'TimeoutError' || name === 'AbortError')
    return new RemoteError(
      'timeout',
      'UNAVAILABLE',
      `The server at ${origin} did not answer within ${Math.round(timeoutMs / 100) / 10} seconds (timeout).`,
      { cause: error },
    );
  const codes = errorCodes(error);
  const tls = codes.find((code) => code in TLS_CODES || code.startsWith('ERR_TLS') || code.includes('CERT'));
  if (tls)
    return new RemoteError(
      'tls',
      'UNAVAILABLE',
      `The server at ${origin} has a TLS certificate problem: ${TLS_CODES[tls] ?? 'it is not trusted'} (${tls}).`,
      { cause: error },
    );
  if (codes.some((code) => NAME_CODES.has(code)))
    return new RemoteError(
      'unreachable',
      'UNAVAILABLE',
      `The server at ${origin} is unreachable: its host name is not known.`,
      {
        cause: error,
      },
    );
  const code = codes.find((item) => CONNECTION_CODES.has(item));
  const why =
    code === 'ECONNREFUSED'
      ? 'nothing accepts connections there'
      : code !== undefined && CUT_OFF_CODES.has(code)
        ? `the connection was cut off before it answered (${code})`
        : (code ?? (error instanceof Error ? error.message : 'network error'));
  return new RemoteError('unreachable', 'UNAVAILABLE', `The server at ${origin} is unreachable: ${why}.`, {
    cause: error,
  });
}

const isConnectionFailure = (error: RemoteError): boolean =>
  error.kind === 'unreachable' && errorCodes(error.cause).some((code) => CONNECTION_CODES.has(code));

/** Where and how requests go: the server's origin and path prefix, the timeout, the fetch. */
export function transportOf(options: HttpJsonOptions) {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new RemoteError(
      'validation',
      'INVALID_INPUT',
      'The server address must start with http:// or https://.',
      {
        field: 'baseUrl',
      },
    );
  const send: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    origin: base.origin,
    prefix: base.pathname.replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    send,
  };
}

/**
 * One attempt at a request: its id, sent as X-Request-Id (one per attempt, so that a repeat is told
 * apart in the server's log), and its line in the log once it is answered or has failed.
 */
export function traceCall(
  logger: Logger | undefined,
  request: Pick<HttpRequest, 'method' | 'path'>,
  headers: Record<string, string>,
) {
  const path = request.path.split('?')[0] ?? '';
  const requestId = randomUUID();
  headers['X-Request-Id'] = requestId;
  const started = performance.now();
  const call = () => ({
    method: request.method,
    path,
    ms: Math.round(performance.now() - started),
    requestId,
  });
  return {
    what: `${request.method} ${path}`,
    answered: (status: number) => logger?.info('remote call', { ...call(), status }),
    failed: (kind: RemoteError['kind']) => logger?.warn('remote call failed', { ...call(), failure: kind }),
  };
}

/** An answer whose body was read whole: parsed when it is JSON, else kept as text. */
export function answerOf(response: Response, text: string, what: string): HttpAnswer {
  if (text.trim() === '')
    return { status: response.status, headers: response.headers, body: undefined, json: true, what };
  try {
    return {
      status: response.status,
      headers: response.headers,
      body: JSON.parse(text) as unknown,
      json: true,
      what,
    };
  } catch {
    return { status: response.status, headers: response.headers, body: text, json: false, what };
  }
}

/**
 * JSON over HTTP with a timeout per request. Any HTTP answer is returned (the
 * caller maps failure statuses); a request that gets no answer throws a
 * RemoteError: unreachable, timeout or tls. Idempotent requests are sent once
 * more after a connection failure (refused, reset); a POST without an
 * Idempotency-Key and PATCH never are, since the first one may have been
 * carried out. Timeouts are not retried:
 * the server may be busy doing the work.
 */
export function createHttpJson(options: HttpJsonOptions): HttpJson {
  const { origin, prefix, timeoutMs, send } = transportOf(options);

  async function once(request: HttpRequest): Promise<HttpAnswer> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      ...request.headers,
    };
    if (request.token !== undefined) headers.Authorization = `Bearer ${request.token}`;
    let body: string | undefined;
    if (request.form !== undefined) {
      body = new URLSearchParams(request.form).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    } else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['Content-Type'] = 'application/json';
    }
    const trace = traceCall(options.logger, request, headers);
    try {
      const response = await send(`${origin}${prefix}${request.path}`, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      const answer = answerOf(response, await response.text(), trace.what);
      trace.answered(answer.status);
      return answer;
    } catch (error) {
      const failure = classifyFailure(error, origin, timeoutMs);
      trace.failed(failure.kind);
      throw failure;
    }
  }

  return async (request) => {
    try {
      return await once(request);
    } catch (error) {
      if (error instanceof RemoteError && isIdempotent(request) && isConnectionFailure(error))
        return once(request);
      throw error;
    }
  };
}
