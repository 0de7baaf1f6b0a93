import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RosterError } from '../../shared/contract/errors';
import { DEFAULT_PASSWORD_POLICY, passwordProblem } from '../../shared/domain/passwordPolicy';
import { openInstanceDatabase } from '../database/openDatabase';
import { createPasswordHasher } from '../secrets/passwordHasher';
import {
  checkAdminRequest,
  createOrResetAdmin,
  emailNeeded,
} from '../services/directory/portable/adminAccount';
import { createInstanceServer } from './createInstanceServer';
import {
  closeInstanceStorage,
  isPostgresLocation,
  openInstanceStorage,
  workRunnerOf,
  type InstanceStorage,
} from './instanceStorage';
import { isLoopbackHost } from './loopback';
import { readPassword } from './readPassword';
import { createServerLog } from './serverLog';
import { copyInstance } from './instanceCopy';
import {
  parseServerOptions,
  SERVER_USAGE,
  type AdminOptions,
  type MigrateOptions,
  type ServeOptions,
} from './serverOptions';

/**
 * `npm run server -- --database <file | postgres://…> [--port …]` serves an instance;
 * `npm run server -- admin --database <…> --username <name>` creates or resets an
 * administrator. Prints "… listening on <url>" on stdout once it listens.
 */

export const SERVER_NAME = 'Roster instance server';

/** Under Node the Electron build of better-sqlite3 is never looked for; any folder will do. */
const NATIVE_DIR = path.join(import.meta.dirname, '../../native');

async function main() {
  let options: ServeOptions | AdminOptions | MigrateOptions;
  try {
    options = parseServerOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${messageOf(error)}\n\n${SERVER_USAGE}`);
    process.exit(2);
  }
  try {
    if (options.command === 'admin') await admin(options);
    else if (options.command === 'migrate') await migrate(options);
    else await serve(options);
  } catch (error) {
    console.error(messageOf(error));
    if (error instanceof RosterError && error.code === 'NOT_FOUND' && error.field === 'file')
      console.error('Create it, with its first administrator, with the admin command:\n' + SERVER_USAGE);
    process.exit(1);
  }
}

async function serve(options: ServeOptions) {
  const log = createServerLog({ level: options.logLevel });
  if (!options.tls && !isLoopbackHost(options.host)) {
    if (!options.allowInsecureHttp)
      throw new Error(
        `Refusing to serve plain HTTP on ${options.host}: passwords and tokens would cross the network readable. ` +
          'Give --tls-cert and --tls-key, put a TLS proxy in front and listen on 127.0.0.1, or pass --allow-insecure-http.',
      );
    log.warn({ host: options.host }, 'serving plain HTTP beyond this machine (--allow-insecure-http)');
  }
  const tls = options.tls && {
    cert: readFileSync(options.tls.certFile),
    key: readFileSync(options.tls.keyFile),
  };
  const storage = await openInstanceStorage(options.database, {
    nativeDir: NATIVE_DIR,
    onIdleError: (error) => log.warn({ err: error }, 'a PostgreSQL connection failed while idle'),
  });
  const server = createInstanceServer({
    storage,
    hasher: createPasswordHasher(),
    log,
    info: { name: SERVER_NAME, version: packageVersion() },
    ...(tls ? { tls } : {}),
    trustProxy: options.trustProxy,
    lockout: options.lockout,
    addressLimit: options.addressLimit,
    tokenTtl: options.tokenTtl,
    bodyLimit: options.bodyLimit,
    jobStaleMs: options.jobStaleMs,
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    ...(options.mail === undefined ? {} : { mail: options.mail }),
  });
  const { url } = await server.listen(options.port, options.host);
  log.info({ url }, `${SERVER_NAME} listening on ${url}`);
  if (options.publicUrl === undefined && (options.host === '0.0.0.0' || options.host === '::'))
    log.warn(
      { url },
      'invitation links will start with an address nobody can open from elsewhere: give --public-url',
    );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs: options.shutdownGraceMs }, 'shutting down: finishing requests in flight');
    void server.close({ graceMs: options.shutdownGraceMs }).then(() => {
      log.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function admin(options: AdminOptions) {
  const request = {
    username: options.username,
    password: await readPassword(process.env, process.stdin),
    ...(options.email === undefined ? {} : { email: options.email }),
    ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
  };
  // Refused input leaves no new file behind. A new file's password policy is the default one;
  // an existing file's own policy is checked once it is open.
  const { username: checked, password } = checkAdminRequest(request);
  const postgres = isPostgresLocation(options.database);
  if (!postgres && !existsSync(options.database)) {
    if (request.email === undefined) throw emailNeeded(checked);
    const problem = passwordProblem(DEFAULT_PASSWORD_POLICY, password, checked);
    if (problem !== null) throw new RosterError('INVALID_INPUT', problem, 'password');
  }
  // A new database's first user needs an email as a new file's does; createOrResetAdmin says so.
  const storage: InstanceStorage = postgres
    ? await openInstanceStorage(options.database, { nativeDir: NATIVE_DIR })
    : {
        kind: 'sqlite',
        db: openInstanceDatabase(options.database, { mode: 'either', nativeDir: NATIVE_DIR }),
      };
  try {
    const { userId, username, created } = await createOrResetAdmin(
      {
        storage: workRunnerOf(storage),
        hasher: createPasswordHasher(),
        actor: `cli:${os.userInfo().username}`,
      },
      request,
    );
    console.log(
      `${created ? 'Created' : 'Reset'} administrator ${username} (id ${userId}): enabled, unlocked, new password.`,
    );
  } finally {
    await closeInstanceStorage(storage);
  }
}

/** The source is opened as it is; the target is a new file, or a database whose schema is made. */
async function migrate(options: MigrateOptions) {
  const from = await openInstanceStorage(options.from, { nativeDir: NATIVE_DIR });
  try {
    const to: InstanceStorage = isPostgresLocation(options.to)
      ? await openInstanceStorage(options.to, { nativeDir: NATIVE_DIR })
      : { kind: 'sqlite', db: openInstanceDatabase(options.to, { mode: 'create', nativeDir: NATIVE_DIR }) };
    try {
      const { counts, target } = await copyInstance(from, to);
      const rows = Object.entries(counts)
        .filter(([, count]) => count > 0)
        .map(([table, count]) => `${count} ${table}`)
        .join(', ');
      console.log(`Copied ${rows}.`);
      console.log(
        target.firstBroken === null
          ? `The copy's audit log verifies: ${target.checked} entries.`
          : `The audit log was copied as it is, and breaks where the source's does: at entry ${target.firstBroken.id}.`,
      );
    } finally {
      await closeInstanceStorage(to);
    }
  } finally {
    await closeInstanceStorage(from);
  }
}

function packageVersion(): string {
  const text = readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8');
  const { version } = JSON.parse(text) as { version?: unknown };
  return typeof version === 'string' ? version : '0.0.0';
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

void main();
