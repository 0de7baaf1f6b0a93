import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { builtEntry, ROOT } from '../../../support/builtApp';

/**
 * The BUILT instance server (`out/main/server.js`, what `npm run server` and a deployment run),
 * started with plain Node: no tsx, no loader, no NODE_OPTIONS. `npm test` builds before the suites
 * run; run `npx electron-vite build` first when calling vitest by hand.
 */
export const BUILT_SERVER = path.join(ROOT, 'out/main/server.js');

/** The built server's path; a clear failure when there is no build, or an old one. */
export function builtServer(script = BUILT_SERVER): string {
  if (script === BUILT_SERVER) return builtEntry('server');
  if (!existsSync(script))
    throw new Error(
      `${script} is missing: build it with "npx electron-vite build" (npm test builds before the suites run).`,
    );
  return script;
}

/** Starting the built server takes well under a second; this is for a loaded CI machine. */
export const BUILT_START_TIMEOUT_MS = 15_000;

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() when the process exited. */
  at: number;
}

export interface BuiltServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** What the server wrote on stdout so far (its JSON log), read from the log file if it has one. */
  stdout: () => string;
  stderr: () => string;
  /** stdout's lines, each parsed as JSON; throws on a line that is not JSON. */
  logLines: () => LogLine[];
  /** Resolves with the first log line that matches, failing after `timeoutMs`. */
  waitForLog: (matches: (line: LogLine) => boolean, timeoutMs?: number) => Promise<LogLine>;
  exited: Promise<Exit>;
  /** SIGTERM, then the exit (SIGKILL if it takes longer than `timeoutMs`). */
  stop: (timeoutMs?: number) => Promise<Exit>;
}

export interface StartOptions {
  /** Defaults to the repository's build. */
  script?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** stdout goes to this file (created with mode 0600) instead of a pipe. */
  logFile?: string;
}

const started = new Set<ChildProcess>();

/** Kills, by pid, every server this module started that is still running (for afterAll). */
export function killStartedServers(): void {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}

/** The environment of a plain `node` run: nothing that would load tsx or another loader. */
function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  if (extra.ROSTER_ADMIN_PASSWORD === undefined) delete env.ROSTER_ADMIN_PASSWORD;
  return env;
}

export function parseLog(text: string): LogLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`Not a JSON log line: ${line}`);
      }
    });
}

/**
 * Starts the built server (`--port 0` unless the arguments give one) and resolves once its JSON
 * log says "… listening on <url>".
 */
export function startBuiltServer(args: readonly string[], options: StartOptions = {}): Promise<BuiltServer> {
  const script = builtServer(options.script);
  const logFd = options.logFile === undefined ? undefined : openSync(options.logFile, 'w', 0o600);
  const child = spawn(process.execPath, [script, '--port', '0', ...args], {
    cwd: options.cwd ?? ROOT,
    env: plainEnv(options.env),
    stdio: ['ignore', logFd ?? 'pipe', 'pipe'],
  });
  if (logFd !== undefined) closeSync(logFd);
  started.add(child);
  let piped = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (piped += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const stdout = () => (options.logFile === undefined ? piped : readFileSync(options.logFile, 'utf8'));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      started.delete(child);
      resolve({ code, signal, at: performance.now() });
    }),
  );

  const waitForLog = (matches: (line: LogLine) => boolean, timeoutMs = 10_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const deadline = performance.now() + timeoutMs;
      const look = () => {
        const found = parseLog(stdout()).find(matches);
        if (found) return resolve(found);
        if (performance.now() > deadline)
          return reject(new Error(`No such log line in time.\n${stdout()}\n${stderr}`));
        setTimeout(look, 10);
      };
      look();
    });

  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      child.kill('SIGKILL');
      reject(new Error(`The built server did not start in time.\n${stdout()}\n${stderr}`));
    }, BUILT_START_TIMEOUT_MS);
    void exited.then((exit) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(
        new Error(
          `The built server exited with ${String(exit.code)} before listening.\n${stdout()}\n${stderr}`,
        ),
      );
    });
    const look = () => {
      if (done) return;
      const match = / listening on (https?:\/\/[^\s"]+)/.exec(stdout());
      if (!match?.[1]) return void setTimeout(look, 10);
      done = true;
      clearTimeout(timer);
      const url = match[1];
      resolve({
        url,
        port: Number(new URL(url).port),
        child,
        stdout,
        stderr: () => stderr,
        logLines: () => parseLog(stdout()),
        waitForLog,
        exited,
        async stop(timeoutMs = 15_000) {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
          const exit = await exited;
          clearTimeout(killer);
          return exit;
        },
      });
    };
    look();
  });
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI to its end (the admin command, a refused start). `umask` runs it under that
 * umask (through /bin/sh), to show which file modes it sets itself.
 */
export function runBuiltCli(
  args: readonly string[],
  options: { script?: string; cwd?: string; env?: NodeJS.ProcessEnv; input?: string; umask?: string } = {},
): Promise<CommandResult> {
  const script = builtServer(options.script);
  const command =
    options.umask === undefined
      ? { file: process.execPath, args: [script, ...args] }
      : {
          file: '/bin/sh',
          args: ['-c', `umask ${options.umask} && exec "$0" "$@"`, process.execPath, script, ...args],
        };
  const child = spawn(command.file, command.args, {
    cwd: options.cwd ?? ROOT,
    env: plainEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  started.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) =>
    child.once('close', (code) => {
      started.delete(child);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** How one HTTP exchange ended. */
export type Outcome =
  /** A complete answer: every byte Content-Length promised. */
  | { kind: 'answered'; status: number; headers: IncomingHttpHeaders; text: string; at: number }
  /** The connection failed before any answer began (refused, or closed unanswered). */
  | { kind: 'cut'; error: string; at: number }
  /** An answer began but never completed: the worst outcome. */
  | { kind: 'truncated'; status: number; error: string; at: number };

/**
 * One request with node:http, that never rejects: it reports how the exchange ended, so a test can
 * tell a complete answer from one that was cut off.
 *
 * With `onContinue`, the request goes out with `Expect: 100-continue` and its headers only: Node's
 * server answers 100 Continue as it takes the request in (and counts it in flight), which calls
 * `onContinue`; the body follows once `release` resolves (at once without it; never, for a client
 * that stalls).
 */
export function exchange(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    agent?: Agent | false;
    localAddress?: string;
    onContinue?: () => void;
    release?: Promise<void>;
  } = {},
): Promise<Outcome> {
  const target = new URL(url);
  return new Promise((resolve) => {
    let status = 0;
    const settle = (outcome: Outcome) => resolve(outcome);
    const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers: {
          ...options.headers,
          ...(body === undefined ? {} : { 'Content-Length': String(body.length) }),
          ...(options.onContinue ? { Expect: '100-continue' } : {}),
        },
        agent: options.agent ?? false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (response) => {
        status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) =>
          settle({ kind: 'truncated', status, error: error.message, at: now() }),
        );
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const promised = response.headers['content-length'];
          if (response.complete && (promised === undefined || Number(promised) === bytes.length))
            settle({
              kind: 'answered',
              status,
              headers: response.headers,
              text: bytes.toString('utf8'),
              at: now(),
            });
          else
            settle({ kind: 'truncated', status, error: `${bytes.length} of ${promised} bytes`, at: now() });
        });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (status === 0) settle({ kind: 'cut', error: error.code ?? error.message, at: now() });
      else settle({ kind: 'truncated', status, error: error.message, at: now() });
    });
    const { onContinue, release } = options;
    if (!onContinue) return void request.end(body);
    request.once('continue', () => {
      onContinue();
      void (release ?? Promise.resolve()).then(() => {
        if (!request.destroyed) request.end(body);
      });
    });
    request.flushHeaders();
  });
}

const now = () => performance.now();
