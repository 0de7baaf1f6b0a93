import { parse } from 'csv-parse/sync';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RosterClient } from '../../../shared/contract/client';
import type { ImportStatus } from '../../../shared/domain/userImport';
import { useRosterCores, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';
import { useServedInstance } from '../server/support/servedInstance';
import { connectAsOwner, createServerUser, SKIP_REASON, underKeyring } from './support/remoteSupport';

/**
 * A CSV import into a remote instance: the file is read and mapped on this computer, and the rows
 * go to the server, which judges them in its dry run and imports them as its own job; the refused
 * rows come back as a CSV made from the file as it was.
 */

const served = useServedInstance();
const tempDir = useTempDirs();
const openCore = useRosterCores();

const FILE = [
  'Username,Full name,Email,Groups',
  'rem-ada,Ada Remote,ada@example.com,Remote team',
  'rem-bob,Bob Remote,not-an-email,',
  'rem-ada,Ada Again,ada2@example.com,',
].join('\r\n');

async function finished(client: RosterClient, instanceId: string, jobId: string): Promise<ImportStatus> {
  for (;;) {
    const status = valueOf(await client.invoke('directory.import.status', { instanceId, jobId }));
    if (['done', 'cancelled', 'failed'].includes(status.state)) return status;
    await sleep(20);
  }
}

describe.skipIf(!underKeyring)(
  `import into a remote instance${underKeyring ? '' : ` (${SKIP_REASON})`}`,
  () => {
    it('previews and imports on the server, and gives back the refused rows as the file had them', async () => {
      const { client } = openCore(tempDir());
      const instanceId = (await connectAsOwner(client, served().server.url)).id;
      const existing = await createServerUser(served().api, served().adminToken, { prefix: 'remimp' });
      const file = valueOf(
        await client.invoke('directory.import.read', {
          instanceId,
          fileName: 'remote.csv',
          text: `${FILE}\r\n${existing.username},Renamed Remote,,Remote team\r\n`,
        }),
      );
      expect(file).toMatchObject({ rows: 4, mapping: { username: 0, displayName: 1, email: 2, groups: 3 } });
      const request = {
        instanceId,
        fileId: file.fileId,
        mapping: { username: 0, displayName: 1, email: 2, groups: 3 },
        options: { newUsers: 'invite' as const, expiresInHours: 24 },
      };
      const preview = valueOf(await client.invoke('directory.import.preview', request));
      expect(preview).toMatchObject({
        create: 1,
        update: 1,
        refused: 2,
        duplicates: 1,
        newGroups: ['Remote team'],
      });
      const users = () =>
        served().observer.db.prepare("SELECT count(*) FROM users WHERE username LIKE 'rem-%'").pluck().get();
      expect(users()).toBe(0);

      const started = valueOf(await client.invoke('directory.import.start', request));
      const status = await finished(client, instanceId, started.id);
      expect(status).toMatchObject({
        state: 'done',
        created: 1,
        updated: 1,
        refused: 2,
        groupsCreated: ['Remote team'],
      });
      expect(status.secrets[0]?.link).toMatch(new RegExp(`^${served().server.url}/invite/`));
      expect(users()).toBe(1);
      const renamed = await served().api.call<{ items: { displayName: string }[] }>(
        'GET',
        `/api/users?q=${existing.username}`,
        { token: served().adminToken },
      );
      expect(renamed.body.items[0]?.displayName).toBe('Renamed Remote');

      const refused = valueOf(
        await client.invoke('directory.import.refusedRows', {
          instanceId,
          fileId: file.fileId,
          refusals: status.refusals.map(({ line, reason }) => ({ line, reason })),
        }),
      );
      expect(refused.fileName).toBe('remote-refused.csv');
      expect(parse(refused.csv, { bom: true })).toEqual([
        ['Username', 'Full name', 'Email', 'Groups', 'Error'],
        ['rem-bob', 'Bob Remote', 'not-an-email', '', 'Email: Enter a valid email address.'],
        [
          'rem-ada',
          'Ada Again',
          'ada2@example.com',
          '',
          'Line 2 already names rem-ada: this row is a duplicate.',
        ],
      ]);
    });

    it('refuses a mapping beyond the file, a file of another instance, and a file with no rows', async () => {
      const { client } = openCore(tempDir());
      const instanceId = (await connectAsOwner(client, served().server.url)).id;
      const other = valueOf(
        await client.invoke('instances.addLocal', {
          name: 'Other',
          mode: 'create',
          file: path.join(tempDir(), 'other.sqlite'),
        }),
      ).id;
      const file = valueOf(
        await client.invoke('directory.import.read', {
          instanceId,
          fileName: 'a.csv',
          text: 'Username\nada\n',
        }),
      );
      const options = { newUsers: 'invite' as const, expiresInHours: 24 };
      const beyond = await client.invoke('directory.import.preview', {
        instanceId,
        fileId: file.fileId,
        mapping: { username: 0, email: 3 },
        options,
      });
      expect(beyond).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'The file has no column 4.' },
      });
      const elsewhere = await client.invoke('directory.import.preview', {
        instanceId: other,
        fileId: file.fileId,
        mapping: { username: 0 },
        options,
      });
      expect(elsewhere).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'fileId' } });
      const empty = valueOf(
        await client.invoke('directory.import.read', { instanceId, fileName: 'e.csv', text: 'Username\r\n' }),
      );
      expect(
        await client.invoke('directory.import.start', {
          instanceId,
          fileId: empty.fileId,
          mapping: { username: 0 },
          options,
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'The file has no rows below its header.' },
      });
    });
  },
);
