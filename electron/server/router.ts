import type { z } from 'zod';
import { badInput } from './httpErrors';

/** Who may call a route: anyone, any signed-in user, or administrators only. */
export type Access = 'public' | 'signedIn' | 'admin';

/** Who a bearer token belongs to. `sessionId` is null for a user's generated API token. */
export interface Principal {
  userId: number;
  username: string;
  admin: boolean;
  sessionId: number | null;
}

export interface Reply {
  status: number;
  /** Sent as JSON; absent for 204. */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

export interface PublicContext {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** The peer's IP address as the socket reports it. */
  clientAddress: string;
  /**
   * The JSON body checked against `schema`. Refused with 415 for another
   * content type, 413 over the size limit, 400 for bad JSON or a schema issue
   * (naming the field). With `optional`, an empty body reads as `{}`.
   */
  body: <S extends z.ZodType>(schema: S, options?: { optional?: boolean }) => Promise<z.output<S>>;
}

export interface SignedInContext extends PublicContext {
  principal: Principal;
}

interface RouteBase {
  method: string;
  path: string;
  /** Whether it reads query parameters; any are refused (400) by a route that does not. */
  query?: boolean;
}

export type Route =
  | (RouteBase & { access: 'public'; handle: (context: PublicContext) => Promise<Reply> })
  | (RouteBase & { access: 'signedIn' | 'admin'; handle: (context: SignedInContext) => Promise<Reply> });

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  /** The path exists, not with this method. */
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

/**
 * Exact segment matching: `:name` takes one non-empty segment, anything else
 * must be equal. No wildcards, no trailing slashes, no percent-decoding (no
 * route's segment needs any), so a path means exactly one route or none.
 */
export function createRouter(routes: readonly Route[]): (method: string, pathname: string) => RouteMatch {
  const compiled = routes.map((route) => ({ route, segments: route.path.split('/') }));
  return (method, pathname) => {
    const segments = pathname.split('/');
    const allowed: string[] = [];
    for (const { route, segments: pattern } of compiled) {
      const params = matchSegments(pattern, segments);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method', allowed } : { kind: 'none' };
  };
}

function matchSegments(pattern: readonly string[], segments: readonly string[]) {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
      params[part.slice(1)] = segment;
    } else if (part !== segment) return undefined;
  }
  return params;
}

const ID = /^[1-9][0-9]{0,15}$/;

/** A path id: a positive whole number, or a 400 naming `field`. */
export function idParam(context: PublicContext, name: string, field: string): number {
  const text = context.params[name] ?? '';
  const id = Number(text);
  if (!ID.test(text) || !Number.isSafeInteger(id)) throw badInput('Not a valid id.', field);
  return id;
}

export const json = (status: number, body: unknown, headers?: Readonly<Record<string, string>>): Reply =>
  headers ? { status, body, headers } : { status, body };
export const noContent = (): Reply => ({ status: 204 });
