import type { ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem, type ProblemCode } from '../../shared/api/problem';

/** The title of each status a problem may carry (RFC 9110's reason phrases). */
const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemExtras {
  field?: string | undefined;
  /** For 405: the methods the path takes, sent as the Allow header (not part of the body). */
  allow?: string | undefined;
  retryAfter?: number | undefined;
  currentVersion?: number | undefined;
}

export function problem(
  status: number,
  code: ProblemCode,
  detail: string,
  extras: ProblemExtras = {},
): Problem {
  return {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(extras.field === undefined ? {} : { field: extras.field }),
    ...(extras.retryAfter === undefined ? {} : { retryAfter: extras.retryAfter }),
    ...(extras.currentVersion === undefined ? {} : { currentVersion: extras.currentVersion }),
  };
}

/**
 * Writes an RFC 9457 problem answer: the one error writer of the instance server and the browser
 * host. `retryAfter` also goes out as Retry-After; a 401 says how to authenticate.
 */
export function sendProblem(
  response: ServerResponse,
  body: Problem,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  if (body.retryAfter !== undefined) response.setHeader('Retry-After', String(body.retryAfter));
  if (body.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="Roster"');
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.writeHead(body.status, {
    'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}
