import path from 'node:path';
import { openInstanceDatabase } from '../../../../electron/database/openDatabase';
import {
  createInstanceServer,
  type InstanceServerOptions,
} from '../../../../electron/server/createInstanceServer';
import { createServerLog } from '../../../../electron/server/serverLog';
import { makeTempDir } from '../../../support/tempDir';
import { NATIVE_DIR } from '../../directory/support/instanceDb';
import { apiClient, signIn, type ApiClient } from './api';
import { parseLog, type LogLine } from './builtServer';
import { ADMIN, hasher, newInstanceFile, observe, type Observer } from './instanceFile';
import { newUserFields } from './servedInstance';

/** The options a test may set; the file, hasher, log and clock are this helper's. */
export type LocalServerOptions = Omit<InstanceServerOptions, 'storage' | 'hasher' | 'log' | 'info' | 'now'>;

export interface LocalServer {
  url: string;
  api: ApiClient;
  observer: Observer;
  file: string;
  /** The server's clock, in ms since the epoch: set it, or move it with `advance`. */
  clock: { now: number; advance: (ms: number) => void };
  /** Everything the server logged so far (pino's JSON lines, at debug level), as written. */
  logText: () => string;
  logLines: () => LogLine[];
  /** Signs the first administrator in afresh (at the clock's current time) and answers the access token. */
  adminToken: () => Promise<string>;
  close: () => Promise<void>;
}

/** Where every server of these tests starts its clock: a fixed instant, so timestamps compare exactly. */
export const CLOCK_START = Date.parse('2030-01-01T00:00:00.000Z');

/**
 * The instance server built in this process, as drivenClock.test.ts builds it: a new instance file
 * with its first administrator, served on 127.0.0.1 with a clock the test moves, and its request
 * log (the real pino log, at debug level) kept in memory to be searched.
 */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const temp = makeTempDir('roster-server-local-');
  const file = path.join(temp.path, 'instance.sqlite');
  await newInstanceFile(file);
  const clock = {
    now: CLOCK_START,
    advance(ms: number) {
      clock.now += ms;
    },
  };
  let logged = '';
  const server = createInstanceServer({
    ...options,
    storage: { kind: 'sqlite', db: openInstanceDatabase(file, { mode: 'open', nativeDir: NATIVE_DIR }) },
    hasher,
    log: createServerLog({ level: 'debug', destination: { write: (line: string) => void (logged += line) } }),
    info: { name: 'Roster test instance', version: '0' },
    now: () => new Date(clock.now),
  });
  const { url } = await server.listen(0, '127.0.0.1');
  const api = apiClient(url);
  const observer = observe(file);
  return {
    url,
    api,
    observer,
    file,
    clock,
    logText: () => logged,
    logLines: () => parseLog(logged),
    adminToken: () => signIn(api, ADMIN.username, ADMIN.password),
    async close() {
      observer.close();
      await server.close();
      temp.remove();
    },
  };
}

/** A fresh invited user's fields: a new user's, without the password they will choose themselves. */
export function newInviteeFields(prefix: string): { username: string; displayName: string; email: string } {
  const { username, displayName, email } = newUserFields(prefix);
  return { username, displayName, email };
}
