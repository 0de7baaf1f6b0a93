import Database from 'better-sqlite3';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Directory, SelfService } from '../../../electron/services/directory/directory';
import type { InvitationAcceptance } from '../../../electron/services/directory/local/localDirectory';
import { isFinished } from '../../../shared/domain/bulk';
import { newUser, openDirectory } from '../directory/support/instanceDb';
import { useTempDirs } from '../directory/support/tempDirs';
import { eventRows, expectNoSecretIn, expectOne, type EventRow } from './support/eventRows';

/**
 * Every kind of change made through a local instance file's directory leaves exactly one entry,
 * written in the change's own transaction: by the local OS user (no account, no address), naming
 * the target and only what changed. No password, token, key or link value reaches the file.
 */

const ACTOR = 'local:tester';
const { tempDir, onCleanup } = useTempDirs();

type LocalDirectory = Directory & SelfService & InvitationAcceptance;
let file: string;
let directory: LocalDirectory;
let rows: ReturnType<typeof eventRows>;
/** Every secret value the test hands the directory or gets from it. */
const secrets: string[] = [];

const by = { actor: ACTOR, actor_id: null, source: null } as const;

beforeEach(async () => {
  file = path.join(tempDir('roster-audit-events-'), 'instance.sqlite');
  const opened = openDirectory(file, { mode: 'create', actor: ACTOR });
  directory = opened.directory;
  const reader = new Database(file, { readonly: true });
  onCleanup(() => reader.close());
  onCleanup(() => directory.close());
  rows = eventRows(reader);
  secrets.length = 0;
  // An instance's first user is its Administrator: the users the tests change come after.
  await createUser('root');
});

afterEach(() => {
  expectNoSecretIn(file, secrets);
});

async function createUser(username: string, enabled = true) {
  const fields = newUser(username, { enabled });
  secrets.push(fields.password);
  const user = await directory.createUser(fields);
  rows.next();
  return user;
}

const linkToken = (link: string) => link.slice(link.lastIndexOf('/') + 1);

async function finished<T extends { state: Parameters<typeof isFinished>[0]['state'] }>(
  status: () => Promise<T>,
): Promise<T> {
  for (;;) {
    const now = await status();
    if (isFinished(now)) return now;
    await sleep(20);
  }
}

describe('users', () => {
  it('create, update (only what changed), disable, enable, password, delete: one entry each', async () => {
    const fields = newUser('tess');
    secrets.push(fields.password);
    const tess = await directory.createUser(fields);
    expectOne(rows.next(), {
      ...by,
      action: 'user.create',
      target_type: 'user',
      target_id: tess.id,
      target_name: 'tess',
      before: null,
      after: {
        username: 'tess',
        displayName: fields.displayName,
        email: fields.email,
        enabled: true,
        mayResetOwnPassword: true,
        role: 'user',
      },
    });

    await directory.updateUser(tess.id, { displayName: 'Tess Tower', email: fields.email });
    expectOne(rows.next(), {
      ...by,
      action: 'user.update',
      target_id: tess.id,
      target_name: 'tess',
      before: { displayName: fields.displayName },
      after: { displayName: 'Tess Tower' },
    });

    await directory.updateUser(tess.id, { displayName: 'Tess Tower' });
    expect(rows.next(), 'a save that changes nothing').toEqual([]);

    await directory.setEnabled(tess.id, false);
    expectOne(rows.next(), {
      ...by,
      action: 'user.disable',
      target_id: tess.id,
      before: { enabled: true },
      after: { enabled: false },
    });
    await directory.setEnabled(tess.id, true);
    expectOne(rows.next(), { action: 'user.enable', before: { enabled: false }, after: { enabled: true } });

    secrets.push('Tess-new-pw1');
    await directory.updateUser(tess.id, { password: 'Tess-new-pw1' });
    expectOne(rows.next(), {
      ...by,
      action: 'user.update',
      target_id: tess.id,
      before: {},
      after: { passwordChanged: true, sessionsEnded: 0 },
    });

    await directory.deleteUser(tess.id);
    expectOne(rows.next(), {
      ...by,
      action: 'user.delete',
      target_id: tess.id,
      target_name: 'tess',
      before: { username: 'tess', displayName: 'Tess Tower', role: 'user' },
      after: null,
    });
  });

  it('deletes several: one entry per user, each named', async () => {
    const a = await createUser('ann');
    const b = await createUser('ben');
    await directory.deleteUsers([a.id, b.id]);
    const written = rows.next();
    expect(written.map((row) => [row.action, row.target_id, row.target_name])).toEqual([
      ['user.delete', a.id, 'ann'],
      ['user.delete', b.id, 'ben'],
    ]);
  });

  it('roles, unlock, password reset: one entry each, the reset never holding the password', async () => {
    const user = await createUser('rita');
    await directory.setRole(user.id, 'userManager');
    expectOne(rows.next(), {
      ...by,
      action: 'user.role',
      target_id: user.id,
      target_name: 'rita',
      before: { role: 'user' },
      after: { role: 'userManager' },
    });

    // The lock a failed sign-in on the instance server would have left.
    const writer = new Database(file);
    writer
      .prepare('UPDATE users SET failed_logins = 5, locked_until = ? WHERE id = ?')
      .run(new Date(Date.now() + 60_000).toISOString(), user.id);
    writer.close();
    rows.next();
    const locked = await directory.getAccess(user.id);
    await directory.unlock(user.id);
    expectOne(rows.next(), {
      ...by,
      action: 'user.unlock',
      target_id: user.id,
      before: { failedLogins: 5, lockedUntil: locked.lockedUntil },
      after: { failedLogins: 0, lockedUntil: null },
    });
    await directory.unlock(user.id);
    expect(rows.next(), 'nothing to unlock').toEqual([]);

    const reset = await directory.resetPassword(user.id, {});
    secrets.push(reset.temporaryPassword);
    expectOne(rows.next(), {
      ...by,
      action: 'user.resetPassword',
      target_id: user.id,
      after: { mustChangePassword: true, generated: true, sessionsEnded: 0 },
    });
  });

  it('invitations: invite, re-send and accept, the acceptance by the invited user', async () => {
    const invited = await directory.inviteUser({
      username: 'ivy',
      displayName: 'Ivy Invited',
      email: 'ivy@example.com',
      role: 'user',
      expiresInHours: 24,
      sendEmail: false,
    });
    secrets.push(linkToken(invited.link));
    expectOne(rows.next(), {
      ...by,
      action: 'user.invite',
      target_id: invited.user.id,
      target_name: 'ivy',
      after: { username: 'ivy', role: 'user', invitationExpiresAt: invited.expiresAt },
    });

    const again = await directory.resendInvitation(invited.user.id, { expiresInHours: 48, sendEmail: false });
    secrets.push(linkToken(again.link));
    expectOne(rows.next(), {
      ...by,
      action: 'user.reinvite',
      target_id: invited.user.id,
      after: { invitationExpiresAt: again.expiresAt },
    });

    secrets.push('Ivy-chosen-pw');
    await directory.acceptInvitation(linkToken(again.link), 'Ivy-chosen-pw');
    expectOne(rows.next(), {
      actor: 'invitation:ivy',
      actor_id: invited.user.id,
      source: null,
      action: 'user.acceptInvitation',
      target_id: invited.user.id,
      target_name: 'ivy',
      before: { invited: true },
      after: { invited: false },
    });
  });

  it('tokens and API keys: names and times, never values', async () => {
    const user = await createUser('kay');
    const first = await directory.generateToken(user.id);
    const second = await directory.generateToken(user.id);
    secrets.push(first.accessToken, first.refreshToken, second.accessToken, second.refreshToken);
    const generated = rows.next();
    expect(generated.map((row) => row.action)).toEqual(['token.generate', 'token.generate']);
    expect(generated[0]).toMatchObject({
      ...by,
      target_id: user.id,
      target_name: 'kay',
      before: null,
      after: {
        createdAt: first.createdAt,
        accessExpiresAt: first.accessExpiresAt,
        refreshExpiresAt: first.refreshExpiresAt,
      },
    });
    expect(generated[1]).toMatchObject({
      before: { createdAt: first.createdAt },
      after: { createdAt: second.createdAt },
    });
    await directory.revokeToken(user.id);
    expectOne(rows.next(), {
      ...by,
      action: 'token.revoke',
      target_id: user.id,
      before: { createdAt: second.createdAt },
    });

    const key = await directory.createApiKey(user.id, { name: 'deploy', scope: 'read', expiresInDays: 30 });
    secrets.push(key.value);
    expectOne(rows.next(), {
      ...by,
      action: 'apiKey.create',
      target_id: user.id,
      target_name: 'kay',
      after: { keyId: key.key.id, name: 'deploy', scope: 'read', expiresAt: key.key.expiresAt },
    });
    await directory.revokeApiKey(user.id, key.key.id);
    expectOne(rows.next(), {
      ...by,
      action: 'apiKey.revoke',
      target_id: user.id,
      before: { keyId: key.key.id, name: 'deploy', scope: 'read', expiresAt: key.key.expiresAt },
    });
  });

  it('the password policy: only the settings that changed', async () => {
    const policy = await directory.getPasswordPolicy();
    await directory.setPasswordPolicy({ ...policy, minLength: 8 });
    expectOne(rows.next(), {
      ...by,
      action: 'instance.passwordPolicy',
      target_type: 'instance',
      target_id: null,
      target_name: null,
      before: { minLength: policy.minLength },
      after: { minLength: 8 },
    });
    await directory.setPasswordPolicy({ ...policy, minLength: 8 });
    expect(rows.next(), 'the same policy again').toEqual([]);
  });
});

describe('groups and memberships', () => {
  it('create, rename, describe, members in and out, a user’s groups, delete: one entry each', async () => {
    const ann = await createUser('ann');
    const ben = await createUser('ben');
    const group = await directory.createGroup('Ops', undefined, 'Runs things');
    expectOne(rows.next(), {
      ...by,
      action: 'group.create',
      target_type: 'group',
      target_id: group.id,
      target_name: 'Ops',
      after: { name: 'Ops', description: 'Runs things' },
    });

    await directory.updateGroup(group.id, { name: 'Operations' });
    expectOne(rows.next(), {
      ...by,
      action: 'group.update',
      target_name: 'Operations',
      before: { name: 'Ops' },
      after: { name: 'Operations' },
    });
    await directory.updateGroup(group.id, { description: 'Keeps the lights on' });
    expectOne(rows.next(), {
      action: 'group.update',
      before: { description: 'Runs things' },
      after: { description: 'Keeps the lights on' },
    });

    await directory.addMembers(group.id, [ann.id, ben.id, ann.id]);
    expectOne(rows.next(), {
      ...by,
      action: 'group.addMembers',
      target_type: 'group',
      target_id: group.id,
      target_name: 'Operations',
      before: null,
      after: { added: ['ann', 'ben'] },
    });
    await directory.addMembers(group.id, [ann.id]);
    expect(rows.next(), 'already a member').toEqual([]);
    await directory.removeMembers(group.id, [ben.id]);
    expectOne(rows.next(), { action: 'group.removeMembers', after: { removed: ['ben'] } });

    const other = await directory.createGroup('Dev');
    rows.next();
    await directory.setUserGroups(ann.id, [other.id]);
    expectOne(rows.next(), {
      ...by,
      action: 'user.groups',
      target_type: 'user',
      target_id: ann.id,
      target_name: 'ann',
      before: { groups: ['Operations'] },
      after: { groups: ['Dev'] },
    });

    await directory.deleteGroup(other.id);
    expectOne(rows.next(), {
      ...by,
      action: 'group.delete',
      target_id: other.id,
      target_name: 'Dev',
      before: { name: 'Dev', description: '', memberCount: 1 },
    });
    await directory.deleteGroups([group.id]);
    expectOne(rows.next(), { action: 'group.delete', target_id: group.id, target_name: 'Operations' });
  });
});

describe('bulk jobs and imports', () => {
  it('write one entry per user changed, saying so, and none for those left as they were', async () => {
    const users = [await createUser('bea'), await createUser('bob'), await createUser('bud', false)];
    const ids = users.map((user) => user.id);
    const started = await directory.startBulk({
      action: { kind: 'disable' },
      selection: { kind: 'ids', userIds: ids },
    });
    await finished(() => directory.bulkStatus(started.id));
    const written = rows.next();
    expect(written.map((row) => [row.action, row.target_name])).toEqual([
      ['user.disable', 'bea'],
      ['user.disable', 'bob'],
    ]);
    for (const row of written)
      expect(row).toMatchObject({
        ...by,
        before: { enabled: true },
        after: { enabled: false },
        detail: 'In a bulk action.',
      });

    const group = await directory.createGroup('Bulk');
    rows.next();
    const joined = await directory.startBulk({
      action: { kind: 'addToGroup', groupId: group.id },
      selection: { kind: 'ids', userIds: ids.slice(0, 2) },
    });
    await finished(() => directory.bulkStatus(joined.id));
    expect(rows.next().map((row) => [row.action, row.target_name, row.before, row.after])).toEqual([
      ['user.groups', 'bea', { groups: [] }, { groups: ['Bulk'] }],
      ['user.groups', 'bob', { groups: [] }, { groups: ['Bulk'] }],
    ]);

    const reset = await directory.startBulk({
      action: { kind: 'resetPassword' },
      selection: { kind: 'ids', userIds: [ids[0] as number] },
    });
    const done = await finished(() => directory.bulkStatus(reset.id));
    expect(done.secrets).toHaveLength(1);
    secrets.push(...done.secrets.map((secret) => secret.temporaryPassword ?? ''));
    expectOne(rows.next(), { action: 'user.resetPassword', target_name: 'bea', detail: 'In a bulk action.' });
  });

  it('an import: the new user, their groups, an update and a role, each once, from an import', async () => {
    const old = await createUser('olga');
    const job = await directory.startImport({
      rows: [
        { line: 2, username: 'nina', displayName: 'Nina New', email: 'nina@example.com', groups: 'Imported' },
        { line: 3, username: 'olga', displayName: 'Olga Changed', role: 'auditor' },
      ],
      options: { newUsers: 'invite', expiresInHours: 24, sendEmail: false },
    });
    const done = await finished(() => directory.importStatus(job.id));
    expect(done.secrets).toHaveLength(1);
    secrets.push(...done.secrets.map((secret) => linkToken(secret.link ?? '')));
    const written: EventRow[] = rows.next();
    expect(written.map((row) => [row.action, row.target_type, row.target_name])).toEqual([
      ['user.invite', 'user', 'nina'],
      ['group.create', 'group', 'Imported'],
      ['user.groups', 'user', 'nina'],
      ['user.role', 'user', 'olga'],
      ['user.update', 'user', 'olga'],
    ]);
    for (const row of written) expect(row).toMatchObject({ ...by, detail: 'From an import.' });
    expect(written[2]).toMatchObject({ before: { groups: [] }, after: { groups: ['Imported'] } });
    expect(written[3]).toMatchObject({
      target_id: old.id,
      before: { role: 'user' },
      after: { role: 'auditor' },
    });
    expect(written[4]).toMatchObject({
      before: { displayName: old.displayName },
      after: { displayName: 'Olga Changed' },
    });
  });
});
