import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Problem } from '../../../../shared/api/problem';

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** An error answer of the server: RFC 9457 problem details (application/problem+json). */
export type ApiError = Problem;

export interface CallOptions {
  token?: string;
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  /** Sent as it is, with `contentType` (default application/json). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A client of one server, with fetch, as the remote directory will be. */
export function apiClient(base: string) {
  async function call<T = unknown>(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body });
    const text = await response.text();
    // JSON (and problem+json) parsed; anything else, a CSV export say, as its text.
    const json = /^application\/([a-z.+-]+\+)?json\b/.test(response.headers.get('content-type') ?? '');
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? undefined : json ? JSON.parse(text) : text) as T,
    };
  }
  return { call, base };
}
export type ApiClient = ReturnType<typeof apiClient>;

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * node:http(s), for what fetch cannot do: send from another loopback address
 * (127.0.0.2: another client, as the per-address limit sees it), or trust a
 * test certificate.
 */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    body?: string;
    headers?: Record<string, string>;
    localAddress?: string;
    ca?: string | Buffer;
  } = {},
): Promise<RawAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Signs in and answers the access token; fails the test otherwise. */
export async function signIn(api: ApiClient, username: string, password: string): Promise<string> {
  const answer = await api.call<{ accessToken: string }>('POST', '/api/auth/token', {
    body: { username, password },
  });
  if (answer.status !== 200)
    throw new Error(`Sign-in of ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.accessToken;
}
