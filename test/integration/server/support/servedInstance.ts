import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { makeTempDir } from '../../../support/tempDir';
import { apiClient, signIn, type ApiClient } from './api';
import { ADMIN, newInstanceFile, observe, type Observer } from './instanceFile';
import { START_TIMEOUT_MS, startServer, type RunningServer } from './serverProcess';

export interface ServedInstance {
  server: RunningServer;
  api: ApiClient;
  observer: Observer;
  file: string;
  dir: string;
  /** The first administrator's access token. */
  adminToken: string;
}

/**
 * For one test file: a new instance file with its first administrator, served
 * by a real server process on 127.0.0.1 (extra CLI flags in `args`), a
 * read-only observer of the file, and the administrator signed in. Everything
 * is stopped and removed after the file's tests.
 */
export function useServedInstance(args: readonly string[] = []): () => ServedInstance {
  let served: ServedInstance | undefined;
  const temp = makeTempDir('roster-server-');

  beforeAll(async () => {
    const file = path.join(temp.path, 'instance.sqlite');
    await newInstanceFile(file);
    const server = await startServer(['--db', file, ...args]);
    const api = apiClient(server.url);
    served = {
      server,
      api,
      observer: observe(file),
      file,
      dir: temp.path,
      adminToken: await signIn(api, ADMIN.username, ADMIN.password),
    };
  }, START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    served?.observer.close();
    await served?.server.stop();
    temp.remove();
  });

  return () => {
    if (!served) throw new Error('The served instance is not ready.');
    return served;
  };
}

let counter = 0;
/** A fresh valid new user's fields; the password is `<username>-pw`. */
export function newUserFields(prefix = 'user'): {
  username: string;
  password: string;
  displayName: string;
  email: string;
} {
  counter += 1;
  const username = `${prefix}${counter}-${process.pid % 1000}`;
  return {
    username,
    password: `${username}-pw`.slice(0, 20),
    displayName: `Person ${counter}`.padEnd(4, '_'),
    email: `${username}@example.com`,
  };
}
