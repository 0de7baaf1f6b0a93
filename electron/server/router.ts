import type { Endpoint } from '../../shared/api/endpoint';

export type RouteMatch<K extends string> =
  | { kind: 'found'; operationId: K; endpoint: Endpoint; params: Record<string, string> }
  /** The path exists, not with this method. */
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

/**
 * Exact segment matching of the declared paths: `{name}` takes one non-empty segment, anything
 * else must be equal. No wildcards, no trailing slashes, no percent-decoding (no route's segment
 * needs any), so a path means exactly one route or none. Where a literal segment and a parameter
 * could both match, the literal wins, whatever the order of the declarations: `/api/users/export`
 * is the export, not the user "export".
 */
export function createRouter<K extends string>(
  endpoints: Readonly<Record<K, Endpoint>>,
): (method: string, pathname: string) => RouteMatch<K> {
  const compiled = (Object.entries(endpoints) as [K, Endpoint][])
    .map(([operationId, endpoint]) => ({
      operationId,
      endpoint,
      segments: endpoint.path.split('/'),
    }))
    .sort((a, b) => compareSpecificity(a.segments, b.segments));
  return (method, pathname) => {
    const segments = pathname.split('/');
    const allowed: string[] = [];
    let matchedPath: string | undefined;
    for (const { operationId, endpoint, segments: pattern } of compiled) {
      // The first path that matches is the most specific: a less specific one never answers instead.
      if (matchedPath !== undefined && endpoint.path !== matchedPath) continue;
      const params = matchSegments(pattern, segments);
      if (!params) continue;
      matchedPath = endpoint.path;
      if (endpoint.method === method) return { kind: 'found', operationId, endpoint, params };
      allowed.push(endpoint.method);
    }
    return allowed.length > 0 ? { kind: 'method', allowed } : { kind: 'none' };
  };
}

const isParameter = (segment: string) => /^\{[A-Za-z]+\}$/.test(segment);

/** Literal segments before parameters, from the left; paths of other lengths never compete. */
function compareSpecificity(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const order = Number(isParameter(a[index] ?? '')) - Number(isParameter(b[index] ?? ''));
    if (order !== 0) return order;
  }
  return 0;
}

function matchSegments(pattern: readonly string[], segments: readonly string[]) {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    const name = /^\{([A-Za-z]+)\}$/.exec(part)?.[1];
    if (name !== undefined) {
      if (segment === '') return undefined;
      params[name] = segment;
    } else if (part !== segment) return undefined;
  }
  return params;
}
