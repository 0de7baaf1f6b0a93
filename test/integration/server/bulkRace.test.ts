import Database from 'better-sqlite3';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../../electron/services/directory/local/usersTable';
import type { BulkStatus } from '../../../shared/domain/bulk';
import { makeTempDir } from '../../support/tempDir';
import { holdWriteLock } from './support/adminRace';
import { apiClient, signIn } from './support/api';
import { ADMIN, newInstanceFile } from './support/instanceFile';
import { startServer } from './support/serverProcess';

/**
 * Two server processes on one file, each disabling every Administrator in one bulk job at the same
 * moment: the last-Administrator rule is checked inside each chunk's transaction, user by user, so
 * that between them exactly one Administrator stays enabled, whichever job ran first.
 */

const temp = makeTempDir('roster-bulk-race-');
afterAll(() => temp.remove());
const ROUNDS = 5;
const OTHER_ADMINS = 4;

describe('two bulk jobs disabling every Administrator at once, on two server processes', () => {
  it('leave exactly one enabled, round after round', async () => {
    const file = path.join(temp.path, 'instance.sqlite');
    await newInstanceFile(file);
    const writer = new Database(file);
    const now = new Date().toISOString();
    const others = Array.from({ length: OTHER_ADMINS }, (_, index) =>
      insertUser(writer, {
        username: `racing-admin-${index}`,
        displayName: `Racing ${index}`,
        email: `racing-${index}@example.com`,
        passwordHash: 'not-a-hash',
        enabled: true,
        role: 'administrator',
        now,
      }),
    );
    const enabledAdmins = () =>
      writer
        .prepare("SELECT id FROM users WHERE role = 'administrator' AND enabled = 1")
        .pluck()
        .all() as number[];
    const owner = enabledAdmins().find((id) => !others.includes(id)) ?? 0;
    const admins = [owner, ...others];

    const servers = await Promise.all([startServer(['--db', file]), startServer(['--db', file])]);
    try {
      const apis = servers.map((server) => apiClient(server.url));
      for (let round = 0; round < ROUNDS; round++) {
        const label = `round ${round}`;
        writer.prepare("UPDATE users SET enabled = 1 WHERE role = 'administrator'").run();
        // Signed in afresh each round: the owner may have been the one disabled last time.
        const tokens: string[] = [];
        for (const api of apis) tokens.push(await signIn(api, ADMIN.username, ADMIN.password));
        const gate = await holdWriteLock(file, 250);
        const started = await Promise.all(
          apis.map((api, index) =>
            api.call<BulkStatus>('POST', '/api/users/bulk', {
              token: tokens[index] ?? '',
              body: { action: { kind: 'disable' }, selection: { kind: 'ids', userIds: admins } },
            }),
          ),
        );
        await gate.released;
        expect(
          started.map((answer) => answer.status),
          label,
        ).toEqual([201, 201]);
        // Each job is one chunk: once it committed nothing changes, and the rule's answer is final.
        const deadline = Date.now() + 20_000;
        while (enabledAdmins().length > 1 && Date.now() < deadline) await sleep(20);
        await sleep(500);
        expect(enabledAdmins(), label).toHaveLength(1);
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
      writer.close();
    }
  }, 180_000);
});
