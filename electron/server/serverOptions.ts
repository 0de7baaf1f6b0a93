import { parseArgs } from 'node:util';
import { DEFAULT_FAMILY_SECONDS, DEFAULT_TOKEN_TTL, type TokenTtl } from '../secrets/tokenSecrets';
import { DEFAULT_JOB_STALE_MS } from '../services/directory/chunkedJobs';
import { DEFAULT_ADDRESS_LIMIT, type AddressLimit } from '../services/signIn/addressLimits';
import { DEFAULT_LOCKOUT, type LockoutPolicy } from '../services/signIn/lockout';
import { isPostgresLocation } from './instanceStorage';
import { DEFAULT_BODY_LIMIT } from './requestBody';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
/** How long requests in flight may take to finish after SIGTERM. */
export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 10;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const SERVER_USAGE = `Usage:
  npm run server -- --database <file | postgres://…> [options]   serve an instance's users and groups
  npm run server -- admin --database <file | postgres://…> --username <name> [--email <address>]
      [--display-name <name>]
      create or reset an administrator (enabled, unlocked, new password); the password is read from
      ROSTER_ADMIN_PASSWORD or from the first line of stdin, never from the command line

  npm run server -- migrate --from <file | postgres://…> --to <file | postgres://…>
      copy a whole instance, history included, into a new file or an empty database, then check
      that every table's rows arrived and that both audit logs verify

Where the instance is (--db is the same as --database):
  --database <file>             an instance file (create one with the admin command)
  --database postgres://user@host:5432/name
                                a PostgreSQL database, shared by any number of server processes; its
                                schema is made on first use. The database's password goes in
                                PGPASSWORD or ~/.pgpass, or the whole address in ROSTER_DATABASE_URL
                                (used when --database is not given), never on the command line

Options of the server:
  --host <address>              where to listen (default ${DEFAULT_HOST}; 0.0.0.0 or :: for every interface)
  --port <number>               default ${DEFAULT_PORT}; 0 for any free port
  --tls-cert <pem> --tls-key <pem>   serve HTTPS with this certificate and key
  --allow-insecure-http         serve plain HTTP on an address other than loopback (passwords and tokens
                                then cross the network readable; put a TLS proxy in front instead)
  --trust-proxy                 behind one reverse proxy: the client address is the last X-Forwarded-For
  --shutdown-grace <seconds>    on SIGTERM, how long requests in flight may finish (default ${DEFAULT_SHUTDOWN_GRACE_SECONDS})
  --log-level <level>           ${LOG_LEVELS.join(', ')} (default info); JSON lines on stdout
  --max-failed-logins <n>       failed logins that lock an account (default ${DEFAULT_LOCKOUT.maxFailures})
  --lock-minutes <n>            how long a lock lasts (default ${DEFAULT_LOCKOUT.lockMs / 60_000}; fractions allowed)
  --address-limit <n>           failed logins per client address per window (default ${DEFAULT_ADDRESS_LIMIT.maxFailures})
  --address-window-minutes <n>  that window (default ${DEFAULT_ADDRESS_LIMIT.windowMs / 60_000})
  --access-ttl <seconds>        access token lifetime (default ${DEFAULT_TOKEN_TTL.accessSeconds})
  --refresh-ttl <seconds>       refresh token lifetime (default ${DEFAULT_TOKEN_TTL.refreshSeconds})
  --family-ttl <seconds>        the most a sign-in or generated pair lives, however often refreshed
                                (default ${DEFAULT_FAMILY_SECONDS})
  --body-limit <bytes>          largest request body (default ${DEFAULT_BODY_LIMIT})
  --job-timeout <seconds>       a bulk or import job whose server process gave no sign of life for this
                                long reads as failed (default ${DEFAULT_JOB_STALE_MS / 1000})
  --public-url <url>            the address people open invitation links at (default: where it listens)
  --mail-from <address>         send invitation links by mail, from this address, through the SMTP
                                server in ROSTER_SMTP_URL (smtp://user:password@host:587 or smtps://…;
                                in the environment, since it may hold a password)`;

export interface ServeOptions {
  command: 'serve';
  /** An instance file's path, or a postgres:// address. */
  database: string;
  host: string;
  port: number;
  tls?: { certFile: string; keyFile: string };
  allowInsecureHttp: boolean;
  trustProxy: boolean;
  shutdownGraceMs: number;
  logLevel: (typeof LOG_LEVELS)[number];
  lockout: LockoutPolicy;
  addressLimit: AddressLimit;
  tokenTtl: TokenTtl;
  bodyLimit: number;
  /** A job whose process gave no sign of life for this long reads as failed. */
  jobStaleMs: number;
  publicUrl?: string;
  mail?: { url: string; from: string };
}

export interface AdminOptions {
  command: 'admin';
  database: string;
  username: string;
  email?: string;
  displayName?: string;
}

export interface MigrateOptions {
  command: 'migrate';
  from: string;
  to: string;
}

/** Throws an Error whose message says what is wrong; the CLI prints it with the usage. */
export function parseServerOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ServeOptions | AdminOptions | MigrateOptions {
  if (argv[0] === 'admin') return parseAdmin(argv.slice(1), env);
  if (argv[0] === 'migrate') return parseMigrate(argv.slice(1));
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      db: { type: 'string' },
      database: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'max-failed-logins': { type: 'string' },
      'lock-minutes': { type: 'string' },
      'address-limit': { type: 'string' },
      'address-window-minutes': { type: 'string' },
      'access-ttl': { type: 'string' },
      'refresh-ttl': { type: 'string' },
      'family-ttl': { type: 'string' },
      'body-limit': { type: 'string' },
      'job-timeout': { type: 'string' },
      'allow-insecure-http': { type: 'boolean' },
      'trust-proxy': { type: 'boolean' },
      'shutdown-grace': { type: 'string' },
      'log-level': { type: 'string' },
      'public-url': { type: 'string' },
      'mail-from': { type: 'string' },
    },
  });
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined && !/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(publicUrl))
    throw new Error('--public-url needs an http:// or https:// address, such as https://roster.example.org.');
  const mailFrom = values['mail-from'];
  const smtpUrl = env.ROSTER_SMTP_URL;
  if (mailFrom !== undefined && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl ?? ''))
    throw new Error('--mail-from needs ROSTER_SMTP_URL set to an smtp:// or smtps:// address.');
  const logLevel = values['log-level'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new Error(`--log-level is one of ${LOG_LEVELS.join(', ')}.`);
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new Error('Give --tls-cert and --tls-key together.');
  const port = whole('--port', values.port, DEFAULT_PORT, 0);
  if (port > 65_535) throw new Error(`Not a port number: ${String(port)}`);
  return {
    command: 'serve',
    database: instanceLocation(values, env),
    host: values.host ?? DEFAULT_HOST,
    port,
    ...(certFile && keyFile ? { tls: { certFile, keyFile } } : {}),
    allowInsecureHttp: values['allow-insecure-http'] === true,
    trustProxy: values['trust-proxy'] === true,
    shutdownGraceMs:
      whole('--shutdown-grace', values['shutdown-grace'], DEFAULT_SHUTDOWN_GRACE_SECONDS, 0) * 1000,
    logLevel: logLevel as ServeOptions['logLevel'],
    lockout: {
      maxFailures: whole('--max-failed-logins', values['max-failed-logins'], DEFAULT_LOCKOUT.maxFailures),
      lockMs: minutes('--lock-minutes', values['lock-minutes'], DEFAULT_LOCKOUT.lockMs),
    },
    addressLimit: {
      maxFailures: whole('--address-limit', values['address-limit'], DEFAULT_ADDRESS_LIMIT.maxFailures),
      windowMs: minutes(
        '--address-window-minutes',
        values['address-window-minutes'],
        DEFAULT_ADDRESS_LIMIT.windowMs,
      ),
    },
    tokenTtl: {
      accessSeconds: whole('--access-ttl', values['access-ttl'], DEFAULT_TOKEN_TTL.accessSeconds),
      refreshSeconds: whole('--refresh-ttl', values['refresh-ttl'], DEFAULT_TOKEN_TTL.refreshSeconds),
      familySeconds: whole('--family-ttl', values['family-ttl'], DEFAULT_FAMILY_SECONDS),
    },
    bodyLimit: whole('--body-limit', values['body-limit'], DEFAULT_BODY_LIMIT, 1024),
    jobStaleMs: whole('--job-timeout', values['job-timeout'], DEFAULT_JOB_STALE_MS / 1000) * 1000,
    ...(publicUrl === undefined ? {} : { publicUrl }),
    ...(mailFrom !== undefined && smtpUrl !== undefined ? { mail: { url: smtpUrl, from: mailFrom } } : {}),
  };
}

function parseAdmin(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): AdminOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      db: { type: 'string' },
      database: { type: 'string' },
      username: { type: 'string' },
      email: { type: 'string' },
      'display-name': { type: 'string' },
      password: { type: 'string' },
    },
  });
  if (values.password !== undefined)
    throw new Error(
      'A password on the command line would be seen by every user of this machine: set ROSTER_ADMIN_PASSWORD or type it on stdin.',
    );
  return {
    command: 'admin',
    database: instanceLocation(values, env),
    username: required('--username', values.username),
    ...(values.email === undefined ? {} : { email: values.email }),
    ...(values['display-name'] === undefined ? {} : { displayName: values['display-name'] }),
  };
}

function parseMigrate(argv: readonly string[]): MigrateOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: { from: { type: 'string' }, to: { type: 'string' } },
  });
  const from = withoutPassword(required('--from', values.from));
  const to = withoutPassword(required('--to', values.to));
  if (from === to) throw new Error('--from and --to name the same instance.');
  return { command: 'migrate', from, to };
}

/** A PostgreSQL address on the command line may not hold a password, which every user could read there. */
function withoutPassword(location: string): string {
  if (isPostgresLocation(location) && new URL(location).password !== '')
    throw new Error(
      'A password on the command line would be seen by every user of this machine: put it in PGPASSWORD or ~/.pgpass, or the whole address in ROSTER_DATABASE_URL.',
    );
  return location;
}

/**
 * The instance: --database (or --db), else ROSTER_DATABASE_URL.
 */
function instanceLocation(
  values: { db?: string | undefined; database?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (values.db !== undefined && values.database !== undefined)
    throw new Error('Give --database or --db, not both: they name the same thing.');
  const given = values.database ?? values.db;
  return required('--database', given === undefined ? env.ROSTER_DATABASE_URL : withoutPassword(given));
}

function required(flag: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new Error(`${flag} is required.`);
  return value;
}

function whole(flag: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^[0-9]{1,10}$/.test(text) || value < min)
    throw new Error(`${flag} needs a whole number of at least ${min}.`);
  return value;
}

function minutes(flag: string, text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const value = Number(text);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text) || !(value > 0) || value > 525_600)
    throw new Error(`${flag} needs a number of minutes above 0 (fractions allowed).`);
  return Math.max(1, Math.round(value * 60_000));
}
