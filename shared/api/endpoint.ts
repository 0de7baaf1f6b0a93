import { z } from 'zod';
import type { Permission } from '../domain/roles';

/**
 * What a caller needs to be allowed an endpoint. `public` needs nothing; `signedIn` needs a valid
 * bearer token; the others are permissions of the signed-in account's role.
 */
export type Access = 'public' | 'signedIn' | Permission;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One route of the instance server's REST API, declared once: the server validates requests from
 * it before its handler runs, the OpenAPI document is generated from it, and the remote directory
 * builds its requests and checks the answers with it.
 *
 * `path` uses OpenAPI's `{name}` for parameters; `params` parses them (as strings from the path).
 * `response` is the body of a success answer with `status`; none for 204.
 */
export interface Endpoint {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tag:
    'Service' | 'Sign-in' | 'OAuth' | 'Self-service' | 'Users' | 'Groups' | 'Tokens' | 'Settings' | 'Audit';
  readonly permission: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /**
   * `oauth`: the body is form-encoded and refusals are OAuth errors (`{ error, error_description }`,
   * RFC 6749 §5.2) instead of problem details, as OAuth2 clients expect.
   */
  readonly format?: 'oauth';
  /** An empty body reads as `{}`. */
  readonly bodyOptional?: boolean;
  /** Bytes a body may hold when more than the server's limit for every other route (a file's rows). */
  readonly bodyLimit?: number;
  readonly status: 200 | 201 | 204;
  readonly response?: z.ZodType;
  /** The success answer is a file, streamed as it is produced, instead of a JSON `response`. */
  readonly file?: FileDeclaration;
  /** Answers an ETag (GET) or takes If-Match (writes) for this kind of resource. */
  readonly versioned?: 'user' | 'group';
  /** Takes an Idempotency-Key header: the same key answers the first result again. */
  readonly idempotent?: boolean;
  /**
   * Allowed to an account whose password was reset and not yet changed; every other signed-in
   * endpoint answers it 403 PASSWORD_CHANGE_REQUIRED.
   */
  readonly duringPasswordChange?: boolean;
  /** Changes nothing though it is not a GET (asking about a token): a read-only API key may call it. */
  readonly readOnly?: boolean;
  /** Failure statuses besides the ones every endpoint may answer (400, 401, 403, 500…). */
  readonly errors?: readonly number[];
}

export type FileMediaType = 'text/csv' | 'application/jsonl';

/** A file answer: the media types it may have (the first unless the answer names another), and what it holds. */
export interface FileDeclaration {
  readonly mediaTypes: readonly [FileMediaType, ...FileMediaType[]];
  readonly description: string;
}

/** What a handler answers for a file endpoint: the chunks are read only as the client takes them. */
export interface FileAnswer {
  fileName: string;
  chunks: AsyncIterable<string>;
  /** One of the declaration's media types, when the request chose a format; its first when left out. */
  mediaType?: FileMediaType;
}

export const endpoint = <const E extends Endpoint>(declared: E): E => declared;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type Given<S> = S extends z.ZodType ? z.input<S> : undefined;

export type ParamsOf<E extends Endpoint> = Parsed<E['params']>;
export type QueryOf<E extends Endpoint> = Parsed<E['query']>;
export type BodyOf<E extends Endpoint> = Parsed<E['body']>;
/** What a caller sends, before the server's defaults and transforms. */
export type BodyInputOf<E extends Endpoint> = Given<E['body']>;
/** The success body; `undefined` for a 204 answer. */
export type ResponseOf<E extends Endpoint> = E['file'] extends FileDeclaration
  ? FileAnswer
  : E['response'] extends z.ZodType
    ? z.output<E['response']>
    : undefined;

const ID_TEXT = /^[1-9][0-9]{0,15}$/;

/** A path id: a positive whole number written in decimal, nothing else. */
export const idParam = () =>
  z
    .string()
    .regex(ID_TEXT, 'Not a valid id.')
    .transform(Number)
    .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));

/** The path with its `{name}` parameters filled in, for a client. */
export function pathOf(declared: Pick<Endpoint, 'path'>, params: Readonly<Record<string, string | number>>) {
  return declared.path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`The path ${declared.path} needs ${name}.`);
    return encodeURIComponent(String(value));
  });
}
