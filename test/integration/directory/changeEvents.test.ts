import { describe, expect, it } from 'vitest';
import { contract, channelNames } from '../../../shared/contract';
import { isFinished } from '../../../shared/domain/bulk';
import { recordEvents, useRosterCores, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';

const tempDir = useTempDirs();
const openCore = useRosterCores();

const user = (username: string) => ({
  username,
  password: 'Secret-pass-1',
  displayName: `User ${username}`,
  email: `${username}@example.com`,
  enabled: true,
  role: 'apiUser' as const,
});

async function localInstance() {
  const opened = openCore(tempDir());
  const [local] = valueOf(await opened.client.invoke('instances.list', {}));
  if (!local) throw new Error('A new data folder starts with its Local instance.');
  return { ...opened, instanceId: local.id };
}

describe('directory.changed', () => {
  it('is announced once for each write that succeeds, naming its instance', async () => {
    const { core, client, instanceId } = await localInstance();
    const seen = recordEvents(core);

    const ann = valueOf(await client.invoke('directory.users.create', { instanceId, user: user('ann') }));
    const group = valueOf(
      await client.invoke('directory.groups.create', { instanceId, group: { name: 'Ops' } }),
    );
    valueOf(
      await client.invoke('directory.groups.addMembers', {
        instanceId,
        groupId: group.id,
        userIds: [ann.id],
      }),
    );
    valueOf(
      await client.invoke('directory.users.update', {
        instanceId,
        userId: ann.id,
        changes: { displayName: 'Ann Lee' },
      }),
    );

    expect(seen).toEqual(
      Array.from({ length: 4 }, () => ({ event: 'directory.changed', payload: { instanceId } })),
    );
  });

  it('is announced by a bulk job as it gets further, not for every poll of its status', async () => {
    const { core, client, instanceId } = await localInstance();
    valueOf(await client.invoke('directory.users.create', { instanceId, user: user('admin') }));
    const userIds: number[] = [];
    for (const name of ['ann', 'bob', 'cy'])
      userIds.push(
        valueOf(await client.invoke('directory.users.create', { instanceId, user: user(name) })).id,
      );
    const seen = recordEvents(core);

    const started = valueOf(
      await client.invoke('directory.bulk.start', {
        instanceId,
        request: { action: { kind: 'disable' }, selection: { kind: 'ids', userIds } },
      }),
    );
    let status = started;
    const marks = new Set([`${started.state}/${started.processed}`]);
    while (!isFinished(status)) {
      // The job's chunks run between the calls, as the dialog's polls leave them time to.
      await new Promise((resolve) => setTimeout(resolve, 5));
      status = valueOf(await client.invoke('directory.bulk.status', { instanceId, jobId: started.id }));
      marks.add(`${status.state}/${status.processed}`);
    }
    expect(status).toMatchObject({ state: 'done', processed: 3 });
    // One announcement per step the job was seen at: its start, each chunk done, its end.
    expect(seen).toHaveLength(marks.size);
    expect(seen[0]).toEqual({ event: 'directory.changed', payload: { instanceId } });

    // Asked again once it has ended, or cancelled too late, it has nothing new to tell.
    for (let poll = 0; poll < 5; poll += 1)
      valueOf(await client.invoke('directory.bulk.status', { instanceId, jobId: started.id }));
    valueOf(await client.invoke('directory.bulk.cancel', { instanceId, jobId: started.id }));
    expect(seen).toHaveLength(marks.size);
  });

  it('is not announced for a read, a refused write or a malformed call', async () => {
    const { core, client, instanceId } = await localInstance();
    valueOf(await client.invoke('directory.users.create', { instanceId, user: user('ann') }));
    const seen = recordEvents(core);

    valueOf(await client.invoke('directory.users.search', { instanceId, page: {} }));
    valueOf(await client.invoke('directory.groups.search', { instanceId, page: {} }));
    const duplicate = await client.invoke('directory.users.create', { instanceId, user: user('ann') });
    expect(duplicate.ok).toBe(false);
    const malformed = await core.dispatch('directory.users.delete', { instanceId, userIds: [] });
    expect(malformed.ok).toBe(false);

    expect(seen).toEqual([]);
  });

  it('is marked only on calls that name an instance, and on every call that writes users or groups', () => {
    const marked = channelNames.filter((name) => contract[name].changesDirectory);
    for (const name of marked) expect(name).toMatch(/^directory\./);
    expect(marked).toEqual(
      expect.arrayContaining([
        'directory.users.create',
        'directory.users.update',
        'directory.users.setEnabled',
        'directory.users.delete',
        'directory.users.setRole',
        'directory.users.invite',
        'directory.groups.create',
        'directory.groups.update',
        'directory.groups.deleteMany',
        'directory.groups.addMembers',
        'directory.groups.removeMembers',
        'directory.bulk.status',
        'directory.import.status',
      ]),
    );
    expect(marked).not.toContain('directory.users.search');
    expect(marked).not.toContain('directory.tokens.generate');
  });
});
