import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRemoteDirectory } from '../../../electron/services/directory/remote/remoteDirectory';
import type { BulkSecret, BulkStatus } from '../../../shared/domain/bulk';
import type { Invitation } from '../../../shared/domain/directory';
import type { ImportRow, ImportStatus } from '../../../shared/domain/userImport';
import { MAILS_AT_ONCE } from '../../../electron/services/directory/rules/chunkMails';
import { invitationLinksIn, startSmtpSink, type SmtpSink } from '../../support/smtpSink';
import { ADMIN } from './support/instanceFile';
import { newInviteeFields } from './support/localServer';
import { startStorageServer, type StorageServer } from './support/storageServer';

/**
 * Invitation links of a bulk "send new invites" and of an import, mailed through a real SMTP server
 * (smtp-server on 127.0.0.1): each user gets one mail with their own link once their chunk
 * committed, and the job's secrets say so; a mail that cannot go (the SMTP server refusing every
 * recipient, or gone) leaves the account change done and the link to copy, its secret saying why.
 * On an instance file and on PostgreSQL (the vitest project says which).
 */

vi.setConfig({ testTimeout: 60_000 });

const FROM = 'roster@example.com';

interface Mailing {
  sink: SmtpSink;
  server: StorageServer;
  admin: string;
}

async function startMailing(sink: SmtpSink): Promise<Mailing> {
  const server = await startStorageServer({ mail: { url: sink.url, from: `Roster <${FROM}>` } });
  return { sink, server, admin: await server.adminToken() };
}

const call = <T>(side: Mailing, method: string, path: string, body?: unknown) =>
  side.server.api.call<T>(method, path, { token: side.admin, body });

/** Invited users, made one by one without mail. */
async function invitees(side: Mailing, prefix: string, count: number) {
  const made: Invitation[] = [];
  for (let index = 0; index < count; index++) {
    const answer = await call<Invitation>(side, 'POST', '/api/invitations', newInviteeFields(prefix));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    made.push(answer.body);
  }
  return made;
}

async function finished<Status extends BulkStatus | ImportStatus>(
  side: Mailing,
  path: string,
  started: { status: number; body: Status },
): Promise<Status> {
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  for (;;) {
    const answer = await call<Status>(side, 'GET', `${path}/${started.body.id}`);
    expect(answer.status).toBe(200);
    if (['done', 'cancelled', 'failed'].includes(answer.body.state)) return answer.body;
    await sleep(10);
  }
}

const resend = async (side: Mailing, userIds: number[], expiresInHours: number) =>
  finished(
    side,
    '/api/users/bulk',
    await call<BulkStatus>(side, 'POST', '/api/users/bulk', {
      action: { kind: 'resendInvitation', expiresInHours, sendEmail: true },
      selection: { kind: 'ids', userIds },
    }),
  );

const importInvited = async (side: Mailing, rows: ImportRow[]) =>
  finished(
    side,
    '/api/users/import',
    await call<ImportStatus>(side, 'POST', '/api/users/import', {
      rows,
      options: { newUsers: 'invite', expiresInHours: 12, sendEmail: true },
    }),
  );

/** Each secret's link went, once, to its user's address alone. */
function expectMailedOnce(
  sink: SmtpSink,
  secrets: readonly BulkSecret[],
  emailOf: (username: string) => string,
) {
  expect(sink.received).toHaveLength(secrets.length);
  for (const secret of secrets) {
    expect(secret.email).toEqual({ state: 'sent' });
    const to = emailOf(secret.username);
    const mails = sink.received.filter((mail) => mail.to.includes(to));
    expect(mails, to).toHaveLength(1);
    expect(mails[0]?.to).toEqual([to]);
    expect(mails[0] && invitationLinksIn(mails[0])).toEqual([secret.link]);
  }
}

/** New invitees sent new links for 6 hours, by mail: each user mailed their link once. */
async function resendToNewInvitees(side: Mailing, prefix: string, count: number) {
  const invited = await invitees(side, prefix, count);
  side.sink.received.splice(0);
  const status = await resend(
    side,
    invited.map((invitation) => invitation.user.id),
    6,
  );
  expect(status).toMatchObject({ state: 'done', changed: count, refused: 0 });
  const emails = new Map(invited.map(({ user }) => [user.username, user.email]));
  expectMailedOnce(side.sink, status.secrets, (username) => emails.get(username) ?? '');
  return { invited, status };
}

const importRows = (prefix: string, count: number): ImportRow[] =>
  Array.from({ length: count }, (_, index) => {
    const { username, displayName, email } = newInviteeFields(prefix);
    return { line: index + 2, username, displayName, email };
  });

describe('with a mail server that takes the mail', () => {
  let side: Mailing;
  beforeAll(async () => {
    side = await startMailing(await startSmtpSink());
  });
  afterAll(async () => {
    await side.server.close();
    await side.sink.close();
  });

  it('mails each re-invited user their new link once, and the secrets say so', async () => {
    const { status } = await resendToNewInvitees(side, 'bulkmailed', 3);
    expect(status.action).toEqual({ kind: 'resendInvitation', expiresInHours: 6, sendEmail: true });
    // The mailed link is the new one: six hours from when it was issued.
    for (const secret of status.secrets) {
      const hours = (Date.parse(secret.expiresAt ?? '') - Date.parse(status.startedAt)) / 3_600_000;
      expect(hours).toBeCloseTo(6, 1);
    }
  });

  it('mails each user an import invites, once, and the secrets say so', async () => {
    side.sink.received.splice(0);
    const rows = importRows('importmailed', 3);
    const status = await importInvited(side, rows);
    expect(status).toMatchObject({ state: 'done', created: 3, refused: 0 });
    const emails = new Map(rows.map((row) => [row.username, row.email ?? '']));
    expectMailedOnce(side.sink, status.secrets, (username) => emails.get(username) ?? '');
  });

  it('mails them when the app’s remote directory asks, as it passes the terms on', async () => {
    const invited = await invitees(side, 'remotemailed', 2);
    side.sink.received.splice(0);
    const remote = createRemoteDirectory({
      baseUrl: side.server.url,
      credentials: { username: ADMIN.username, password: ADMIN.password },
    });
    let status = await remote.startBulk({
      action: { kind: 'resendInvitation', expiresInHours: 30, sendEmail: true },
      selection: { kind: 'ids', userIds: invited.map((invitation) => invitation.user.id) },
    });
    while (!['done', 'cancelled', 'failed'].includes(status.state)) {
      await sleep(10);
      status = await remote.bulkStatus(status.id);
    }
    expect(status).toMatchObject({ state: 'done', changed: 2 });
    const emails = new Map(invited.map(({ user }) => [user.username, user.email]));
    expectMailedOnce(side.sink, status.secrets, (username) => emails.get(username) ?? '');
  });

  it('mails nothing when not asked to', async () => {
    const invited = await invitees(side, 'bulkunmailed', 2);
    side.sink.received.splice(0);
    const status = await finished(
      side,
      '/api/users/bulk',
      await call<BulkStatus>(side, 'POST', '/api/users/bulk', {
        action: { kind: 'resendInvitation', expiresInHours: 6 },
        selection: { kind: 'ids', userIds: invited.map((invitation) => invitation.user.id) },
      }),
    );
    expect(status).toMatchObject({ state: 'done', changed: 2 });
    expect(status.secrets.map((secret) => secret.email)).toEqual([undefined, undefined]);
    expect(side.sink.received).toHaveLength(0);
  });
});

describe('with a slow mail server', () => {
  let side: Mailing;
  beforeAll(async () => {
    side = await startMailing(await startSmtpSink({ holdMs: 150 }));
  });
  afterAll(async () => {
    await side.server.close();
    await side.sink.close();
  });

  it(`mails a chunk's links ${MAILS_AT_ONCE} at a time, not one after another and not all at once`, async () => {
    const { invited, status } = await resendToNewInvitees(side, 'slowmail', 10);
    // In the job's order still, whatever order the mails were answered in.
    expect(status.secrets.map((secret) => secret.userId)).toEqual(invited.map(({ user }) => user.id));
    expect(side.sink.mostAtOnce()).toBeGreaterThan(1);
    expect(side.sink.mostAtOnce()).toBeLessThanOrEqual(MAILS_AT_ONCE);
  });
});

describe('with a mail server that cannot take the mail', () => {
  let side: Mailing;
  beforeAll(async () => {
    side = await startMailing(await startSmtpSink({ refuseRecipients: true }));
  });
  afterAll(async () => {
    await side.server.close();
  });

  /** Every secret carries the mail's failure, and its link to copy. */
  const expectFailed = (secrets: readonly BulkSecret[], reason: RegExp) => {
    for (const secret of secrets) {
      expect(secret.link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
      expect(secret.email?.state).toBe('failed');
      expect(secret.email?.state === 'failed' ? secret.email.error : '').toMatch(reason);
    }
  };

  it('re-invites all the same, each secret saying why its mail did not go', async () => {
    const invited = await invitees(side, 'bulkrefused', 2);
    const status = await resend(
      side,
      invited.map((invitation) => invitation.user.id),
      10,
    );
    expect(status).toMatchObject({ state: 'done', changed: 2, refused: 0 });
    expect(status.secrets).toHaveLength(2);
    expectFailed(status.secrets, /The mail could not be sent \(.*550.*\): copy the link instead\./);
    // The new links are the ones that work: the old ones were replaced.
    const page = await fetch(status.secrets[0]?.link ?? '');
    expect(page.status).toBe(200);
    expect((await fetch(invited[0]?.link ?? '')).status).not.toBe(200);
  });

  it('imports all the same when the mail server is gone, each secret saying why', async () => {
    await side.sink.close();
    const rows = importRows('importunmailed', 2);
    const status = await importInvited(side, rows);
    expect(status).toMatchObject({ state: 'done', created: 2, refused: 0 });
    expect(status.secrets.map((secret) => secret.username)).toEqual(rows.map((row) => row.username));
    expectFailed(status.secrets, /The mail could not be sent \(.*ECONNREFUSED.*\)/);
    expect(
      await side.server.count(
        `SELECT count(*) FROM users WHERE username_key IN (?, ?) AND password_hash = ''`,
        rows.map((row) => row.username.toLowerCase()),
      ),
    ).toBe(2);
  });
});
