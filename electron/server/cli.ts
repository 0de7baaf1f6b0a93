import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RosterError } from '../../shared/contract/errors';
import { DEFAULT_PASSWORD_POLICY, passwordProblem } from '../../shared/domain/passwordPolicy';
import { openInstanceDatabase } from '../database/openDatabase';
import { createPasswordHasher } from '../secrets/passwordHasher';
import { checkAdminRequest, createOrResetAdmin, emailNeeded } from '../services/directory/local/adminAccount';
import { createInstanceServer } from './createInstanceServer';
import { isLoopbackHost } from './loopback';
import { readPassword } from './readPassword';
import { createServerLog } from './serverLog';
import { parseServerOptions, SERVER_USAGE, type AdminOptions, type ServeOptions } from './serverOptions';

/**
 * `npm run server -- --db <file> [--port …]` serves an instance file;
 * `npm run server -- admin --db <file> --username <name>` creates or resets an
 * administrator. Prints "… listening on <url>" on stdout once it listens.
 */

export const SERVER_NAME = 'Roster instance server';

/** Under Node the Electron build of better-sqlite3 is never looked for; any folder will do. */
const NATIVE_DIR = path.join(import.meta.dirname, '../../native');

async function main() {
  let options: ServeOptions | AdminOptions;
  try {
    options = parseServerOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${messageOf(error)}\n\n${SERVER_USAGE}`);
    process.exit(2);
  }
  try {
    if (options.command === 'admin') await admin(options);
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
  const db = openInstanceDatabase(options.db, { mode: 'open', nativeDir: NATIVE_DIR });
  const server = createInstanceServer({
    db,
    hasher: createPasswordHasher(),
    log,
    info: { name: SERVER_NAME, version: packageVersion() },
    ...(tls ? { tls } : {}),
    trustProxy: options.trustProxy,
    lockout: options.lockout,
    addressLimit: options.addressLimit,
    tokenTtl: options.tokenTtl,
    bodyLimit: options.bodyLimit,
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
  if (!existsSync(options.db)) {
    if (request.email === undefined) throw emailNeeded(checked);
    const problem = passwordProblem(DEFAULT_PASSWORD_POLICY, password, checked);
    if (problem !== null) throw new RosterError('INVALID_INPUT', problem, 'password');
  }
  const db = openInstanceDatabase(options.db, { mode: 'either', nativeDir: NATIVE_DIR });
  try {
    const { userId, username, created } = await createOrResetAdmin(
      { db, hasher: createPasswordHasher(), actor: `cli:${os.userInfo().username}` },
      request,
    );
    console.log(
      `${created ? 'Created' : 'Reset'} administrator ${username} (id ${userId}): enabled, unlocked, new password.`,
    );
  } finally {
    db.close();
  }
}

function packageVersion(): string {
  const text = readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8');
  const { version } = JSON.parse(text) as { version?: unknown };
  return typeof version === 'string' ? version : '0.0.0';
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

void main();
