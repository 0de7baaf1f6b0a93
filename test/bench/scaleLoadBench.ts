import autocannon, { type Request } from 'autocannon';
import { runCli, startServer, type RunningServer } from '../integration/server/support/serverProcess';
import { reportValue } from './scaleReport';

const ADMIN = 'scale.admin';
const ADMIN_PASSWORD = 'scale-admin-password';
const CONNECTIONS = 16;
const SECONDS = 15;
const QUERIES = ['a', 'an', 'rosa', 'chen', 'ev', 'kowa', 'qqxz'];

async function signIn(server: RunningServer): Promise<string> {
  const answer = await fetch(`${server.url}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: ADMIN, password: ADMIN_PASSWORD }),
  });
  if (answer.status !== 200) throw new Error(`Sign-in failed: ${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as { accessToken: string }).accessToken;
}

/**
 * Mostly searches and reads of one user, one write in ten: an administrator's day, compressed. A
 * fixed cycle of requests that each connection walks: autocannon does not send a body that
 * `setupRequest` adds, so a write made there never left, and stalled its connection for good.
 */
function mixedRequests(users: number): Request[] {
  return Array.from({ length: 40 }, (_, index): Request => {
    const n = index + 1;
    const id = 1 + ((n * 7919) % users);
    if (n % 10 === 0)
      return {
        method: 'PATCH',
        path: `/api/users/${id}`,
        body: JSON.stringify({ displayName: `Load ${n}` }),
      };
    if (n % 2 === 0) return { method: 'GET', path: `/api/users/${id}` };
    return { method: 'GET', path: `/api/users?q=${QUERIES[n % QUERIES.length] as string}&limit=50` };
  });
}

async function load(url: string, token: string, users: number, connections: number) {
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: mixedRequests(users),
  });
  return { total: result.requests.total, non2xx: result.non2xx, errors: result.errors };
}

/** Requests per second of the same load spread over `servers`, each taking an equal share of connections. */
async function throughput(servers: RunningServer[], token: string, users: number) {
  const results = await Promise.all(
    servers.map((server) => load(server.url, token, users, CONNECTIONS / servers.length)),
  );
  const sum = (pick: (r: (typeof results)[number]) => number) => results.reduce((a, r) => a + pick(r), 0);
  return { perSecond: sum((r) => r.total) / SECONDS, failed: sum((r) => r.non2xx + r.errors) };
}

/** Mixed load through the HTTP API against one, then two server processes on the same database. */
export async function benchLoad(databaseUrl: string, users: number): Promise<void> {
  const admin = await runCli(
    ['admin', '--database', databaseUrl, '--username', ADMIN, '--email', 'scale.admin@example.com'],
    {
      env: { ROSTER_ADMIN_PASSWORD: ADMIN_PASSWORD },
    },
  );
  if (admin.code !== 0) throw new Error(`The admin command failed: ${admin.stderr}`);
  const servers: RunningServer[] = [];
  try {
    servers.push(await startServer(['--database', databaseUrl]));
    const token = await signIn(servers[0] as RunningServer);
    await load(servers[0]?.url ?? '', token, users, 4);
    const one = await throughput(servers, token, users);
    reportValue('postgres', `mixed load, 1 server, ${CONNECTIONS} connections`, one.perSecond, 'req/s');
    reportValue('postgres', 'mixed load, 1 server, failed requests', one.failed, 'requests');
    servers.push(await startServer(['--database', databaseUrl]));
    // Warmed up as the first was: a cold process reads its copy of the users list at its first
    // search, which under the measured load timed requests out and halved the figure.
    await load(servers[1]?.url ?? '', token, users, 4);
    const two = await throughput(servers, token, users);
    reportValue('postgres', `mixed load, 2 servers, ${CONNECTIONS} connections`, two.perSecond, 'req/s');
    reportValue('postgres', 'mixed load, 2 servers, failed requests', two.failed, 'requests');
    reportValue('postgres', 'mixed load, 2 servers / 1 server', two.perSecond / one.perSecond, 'ratio');
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
