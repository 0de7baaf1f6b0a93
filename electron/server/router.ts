import type { Endpoint } from '../../shared/api/endpoint';

export type RouteMatch<K extends string> =
  | { kind: 'found'; operationId: K; endpoint: Endpoint; params: Record<string, string> }
  /** The path exists, not with this method. */
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

/**
 * Exact segment matching of the declared paths: `{name}` takes one non-empty segment, anything
 * else must be equal. No wildcards, no trailing slashes, no percent-decoding (no route's segment
 * needs any), so a path means exactly one route or none.
 */
export function createRouter<K extends string>(
  endpoints: Readonly<Record<K, Endpoint>>,
): (method: string, pathname: string) => RouteMatch<K> {
  const compiled = (Object.entries(endpoints) as [K, Endpoint][]).map(([operationId, endpoint]) => ({
    operationId,
    endpoint,
    segments: endpoint.path.split('/'),
  }));
  return (method, pathname) => {
    const segments = pathname.split('/');
    const allowed: string[] = [];
    for (const { operationId, endpoint, segments: pattern } of compiled) {
      const params = matchSegments(pattern, segments);
      if (!params) continue;
      if (endpoint.method === method) return { kind: 'found', operationId, endpoint, params };
      allowed.push(endpoint.method);
    }
    return allowed.length > 0 ? { kind: 'method', allowed } : { kind: 'none' };
  };
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
