import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/tempDir';
import { apiClient, signIn } from './support/api';
import { builtServer, startBuiltServer } from './support/builtServer';
import { ADMIN, newInstanceFile } from './support/instanceFile';
import { newUserFields } from './support/servedInstance';

/**
 * Two server processes started at the same moment on one new file. Each used to look at the file
 * read-only first and then delete the -wal and -shm files that look had made: when the other
 * process had opened the file in between, it went on with files nobody else used, and never saw
 * the other's commits (nor they its). Every start here races the other, and each process must see
 * the other's writes from its first request, without a retry.
 */

const temp = makeTempDir('roster-two-processes-');
afterAll(() => temp.remove());
const ROUNDS = 5;

describe('two server processes started together on one file', () => {
  it('each sees what the other committed, from its first request', async () => {
    builtServer();
    for (let round = 0; round < ROUNDS; round++) {
      const file = path.join(temp.path, `instance-${round}.sqlite`);
      await newInstanceFile(file);
      const servers = await Promise.all([startBuiltServer(['--db', file]), startBuiltServer(['--db', file])]);
      try {
        const apis = servers.map((server) => apiClient(server.url));
        for (const [writer, reader] of [apis, [...apis].reverse()]) {
          if (!writer || !reader) throw new Error('two servers were started');
          const token = await signIn(writer, ADMIN.username, ADMIN.password);
          const fields = newUserFields('together');
          const created = await writer.call('POST', '/api/users', {
            token,
            body: { ...fields, enabled: true },
          });
          expect(created.status).toBe(201);
          const answer = await reader.call('POST', '/api/auth/token', {
            body: { username: fields.username, password: fields.password },
          });
          expect(answer.status, `round ${round}: ${JSON.stringify(answer.body)}`).toBe(200);
        }
      } finally {
        await Promise.all(servers.map((server) => server.stop()));
      }
    }
  }, 120_000);
});
