import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import type { OperationId } from '../../shared/api';
import type { Access, Endpoint, FileAnswer } from '../../shared/api/endpoint';
import { holds, ROLE_LABELS } from '../../shared/domain/roles';
import { apiActor, type Principal, type SignInService } from '../services/signIn/signInService';
import { conditionOf, createOptionsOf, etagOf } from './conditionalHeaders';
import type { ApiHandlers, CallContext, Handler } from './handlers/handler';
import { badInput, fromZod, HttpError } from './httpErrors';
import { asOAuthError, type OAuthStage } from './oauthErrors';
import { readFormBody, readJsonBody } from './requestBody';
import { actAs } from './requestActor';
import type { RouteMatch } from './router';

export interface Reply {
  status: number;
  /** Sent as JSON; absent for 204. */
  body?: unknown;
  /** Streamed instead of a JSON body, for a file endpoint. */
  file?: FileAnswer & { contentType: string };
  headers?: Readonly<Record<string, string>>;
}

export interface ApiRequestDeps {
  route: (method: string, pathname: string) => RouteMatch<OperationId>;
  handlers: ApiHandlers;
  signIn: SignInService;
  bodyLimit: number;
}

export interface ApiRequest {
  request: IncomingMessage;
  url: URL;
  clientAddress: string;
  /** Told who the caller is as soon as the token says, for the request log. */
  onPrincipal: (principal: Principal) => void;
}

const changesNothing = (endpoint: Endpoint): boolean =>
  endpoint.method === 'GET' || endpoint.readOnly === true;

const allows = (principal: Principal, access: Access): boolean =>
  access === 'public' || access === 'signedIn' || holds(principal.role, access);

/**
 * One API request, checked against its endpoint's declaration in the order a client can act on:
 * route (404, 405), bearer token (401), permission (403), path, query and headers (400), body
 * (415, 413, 400); only then does the handler run, as the signed-in user whom the audit log names.
 */
export async function answerApiRequest(deps: ApiRequestDeps, call: ApiRequest): Promise<Reply> {
  const { request, url } = call;
  const match = deps.route(request.method ?? 'GET', url.pathname);
  if (match.kind === 'none') throw new HttpError(404, 'NOT_FOUND', 'There is nothing at this path.');
  if (match.kind === 'method')
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `Use ${match.allowed.join(' or ')}.`, {
      allow: match.allowed.join(', '),
    });
  const { endpoint, operationId } = match;
  if (endpoint.format !== 'oauth') return answerMatched(deps, call, endpoint, operationId, match.params);
  const progress: OAuthProgress = { stage: 'caller' };
  try {
    return await answerMatched(deps, call, endpoint, operationId, match.params, progress);
  } catch (error) {
    throw asOAuthError(error, progress.stage, progress.form) ?? error;
  }
}

/** How far an OAuth request got, for the error it earns: its caller was refused, or what it asked. */
interface OAuthProgress {
  stage: OAuthStage;
  form?: URLSearchParams;
}

async function answerMatched(
  deps: ApiRequestDeps,
  call: ApiRequest,
  endpoint: Endpoint,
  operationId: OperationId,
  params: Record<string, string>,
  progress?: OAuthProgress,
): Promise<Reply> {
  const { request, url } = call;
  let principal: Principal | null = null;
  if (endpoint.permission !== 'public') {
    principal = await deps.signIn.authenticate(request.headers.authorization, call.clientAddress);
    call.onPrincipal(principal);
    if (principal.mustChangePassword && endpoint.duringPasswordChange !== true)
      throw new HttpError(
        403,
        'PASSWORD_CHANGE_REQUIRED',
        `The password of "${principal.username}" was reset: set a new one (PUT /api/me/password) before anything else.`,
      );
    if (!allows(principal, endpoint.permission))
      throw new HttpError(
        403,
        'FORBIDDEN',
        `"${principal.username}" may not do this: it needs the permission ${endpoint.permission}, which the role ${ROLE_LABELS[principal.role]} does not have.`,
      );
    if (principal.scope === 'read' && !changesNothing(endpoint))
      throw new HttpError(
        403,
        'FORBIDDEN',
        'This API key has the read scope: it may only read, not change anything.',
      );
  }
  if (progress) progress.stage = 'request';

  const writes = request.method !== 'GET';
  const bodyLimit = Math.max(deps.bodyLimit, endpoint.bodyLimit ?? 0);
  const limits = { limit: bodyLimit, optional: endpoint.bodyOptional === true };
  const body = !endpoint.body
    ? undefined
    : endpoint.format === 'oauth'
      ? await readFormBody(request, endpoint.body, {
          limit: bodyLimit,
          onForm: (form) => progress && (progress.form = form),
        })
      : await readJsonBody(request, endpoint.body, limits);
  const context: CallContext<Endpoint> = {
    params: parse(endpoint.params, params),
    query: parseQuery(endpoint, url.searchParams),
    body,
    // Null only for public endpoints, whose handlers' type says so; the declaration decided which.
    principal: principal as Principal,
    clientAddress: call.clientAddress,
    condition: endpoint.versioned && writes ? conditionOf(header(request, 'If-Match')) : {},
    createOptions: endpoint.idempotent ? createOptionsOf(header(request, 'Idempotency-Key')) : {},
  };
  const handle = deps.handlers[operationId] as Handler<Endpoint>;
  const caller = principal && {
    actor: apiActor(principal.username),
    role: principal.role,
    userId: principal.userId,
    sessionId: principal.sessionId,
  };
  const answer: unknown = await actAs(caller, call.clientAddress, () => handle(context));
  return replyOf(endpoint, url.pathname, answer);
}

function replyOf(endpoint: Endpoint, pathname: string, body: unknown): Reply {
  if (endpoint.status === 204) return { status: 204 };
  // The declaration decided that this handler answers a file.
  if (endpoint.file) {
    const file = body as FileAnswer;
    const mediaType = file.mediaType ?? endpoint.file.mediaTypes[0];
    return { status: endpoint.status, file: { ...file, contentType: `${mediaType}; charset=utf-8` } };
  }
  // RFC 6749 §5.1 asks token answers not to be cached, in HTTP/1.0's words too.
  const headers: Record<string, string> = endpoint.format === 'oauth' ? { Pragma: 'no-cache' } : {};
  const fields = (body ?? {}) as { id?: unknown; version?: unknown };
  if (endpoint.versioned && typeof fields.version === 'number') headers.ETag = etagOf(fields.version);
  if (endpoint.status === 201 && typeof fields.id === 'number') headers.Location = `${pathname}/${fields.id}`;
  return { status: endpoint.status, body, headers };
}

function parse(schema: z.ZodType | undefined, input: unknown): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

function parseQuery(endpoint: Endpoint, query: URLSearchParams): unknown {
  const seen = new Set<string>();
  for (const key of query.keys()) {
    if (!endpoint.query) throw badInput(`Unexpected parameter: ${key}.`, key);
    if (seen.has(key)) throw badInput(`Give ${key} only once.`, key);
    seen.add(key);
  }
  // fromEntries defines own properties, so even `__proto__` arrives as an unknown parameter.
  return parse(endpoint.query, Object.fromEntries(query));
}

/** A header given once; sent twice, it is ambiguous and refused. */
function header(request: IncomingMessage, name: string): string | undefined {
  const values = request.headersDistinct[name.toLowerCase()];
  if (values === undefined) return undefined;
  if (values.length > 1) throw badInput(`Send ${name} only once.`, name);
  return values[0];
}
