import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Debian installs the server's programs here; only the client's wrappers are on PATH. */
const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];
const SUPERUSER = 'roster';

export interface PostgresCluster {
  /** A connection string for the cluster's `postgres` database, as its superuser. */
  url: string;
  stop: () => Promise<void>;
}

function binary(name: string): string {
  for (const dir of BIN_DIRS) if (existsSync(path.join(dir, name))) return path.join(dir, name);
  return name;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * initdb refuses to run as root, so under root (CI's containers) the cluster belongs to Debian's
 * `postgres` user, and its programs run as that user.
 */
function asOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * A throwaway PostgreSQL cluster: its own folder, a free port on 127.0.0.1, trust authentication
 * for local connections only, and durability off (a test's data need not survive a crash).
 * Autovacuum is off unless asked for: the tests make hundreds of short-lived databases, which it
 * would visit for nothing, on CPU the tests need; a benchmark keeps it, as a server would.
 */
export async function startPostgresCluster(options: { autovacuum?: boolean } = {}): Promise<PostgresCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roster-pg-'));
  if (process.getuid?.() === 0)
    chownSync(
      dir,
      Number((await run('id', ['-u', 'postgres'])).stdout),
      Number((await run('id', ['-g', 'postgres'])).stdout),
    );
  const data = path.join(dir, 'data');
  const port = await freePort();
  await run(
    ...asOwner(binary('initdb'), [
      '-D',
      data,
      '-U',
      SUPERUSER,
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]),
  );
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
    `-c autovacuum=${options.autovacuum === true ? 'on' : 'off'}`,
  ].join(' ');
  await run(
    ...asOwner(binary('pg_ctl'), ['-D', data, '-o', settings, '-l', path.join(dir, 'log'), '-w', 'start']),
  );
  return {
    url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await run(...asOwner(binary('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'])).catch(
        () => undefined,
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A new database in the cluster; its connection string. Empty, or a copy of `template` (a database
 * of the cluster no one is connected to).
 */
export async function createDatabase(
  clusterUrl: string,
  prefix = 'roster',
  template?: string,
): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}${template === undefined ? '' : ` TEMPLATE ${template}`}`);
  } finally {
    await client.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
