import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserDetail } from '../../../shared/domain/directory';
import { signIn } from './support/api';
import { startLocalServer, type LocalServer } from './support/localServer';
import { newUserFields } from './support/servedInstance';

/**
 * A User manager may change only users below their own rank. The rank is read inside the write's
 * transaction, so an Administrator promoting a user while a User manager disables them ends one of
 * two ways: the disable came first (both succeed, in that order), or the promotion did (the
 * disable is refused and the user stays enabled). Never a User manager's change to a User manager.
 */

const ROUNDS = 20;
let local: LocalServer;
let admin: string;
let manager: string;

beforeAll(async () => {
  local = await startLocalServer();
  admin = await local.adminToken();
  const fields = newUserFields('manager');
  const created = await local.api.call<UserDetail>('POST', '/api/users', {
    token: admin,
    body: { ...fields, role: 'userManager' },
  });
  expect(created.status).toBe(201);
  manager = await signIn(local.api, fields.username, fields.password);
});
afterAll(() => local.close());

describe('an Administrator promoting a user while a User manager disables them', () => {
  it('either the disable lands first and the promotion after it, or the disable is refused (403)', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const made = await local.api.call<UserDetail>('POST', '/api/users', {
        token: admin,
        body: newUserFields('target'),
      });
      const id = made.body.id;
      // Now one, now the other starts a little later, so that both orders happen.
      const [promote, disable] = await Promise.all([
        sleep(round % 2 === 0 ? 0 : Math.floor(Math.random() * 15)).then(() =>
          local.api.call('PUT', `/api/users/${id}/role`, { token: admin, body: { role: 'userManager' } }),
        ),
        sleep(round % 2 === 1 ? 0 : Math.floor(Math.random() * 15)).then(() =>
          local.api.call('POST', `/api/users/${id}/disable`, { token: manager }),
        ),
      ]);
      expect(promote.status).toBe(200);
      const after = (await local.api.call<UserDetail>('GET', `/api/users/${id}`, { token: admin })).body;
      expect(after.role).toBe('userManager');
      const written = local.observer.db
        .prepare<[number], { action: string; actor: string }>(
          "SELECT action, actor FROM audit_log WHERE target_id = ? AND action IN ('user.disable', 'user.role') ORDER BY id",
        )
        .all(id);
      if (disable.status === 200) {
        expect(after.enabled).toBe(false);
        expect(written.map((row) => row.action)).toEqual(['user.disable', 'user.role']);
      } else {
        expect(disable.status).toBe(403);
        expect(after.enabled).toBe(true);
        expect(written.map((row) => row.action)).toEqual(['user.role']);
      }
    }
  }, 60_000);
});
