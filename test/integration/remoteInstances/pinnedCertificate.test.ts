import { afterEach, describe, expect, it } from 'vitest';
import { useRosterCores, readSettingsText, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';
import { pinOf } from '../../support/certificatePin';
import { makeSelfSignedCertificate } from '../../support/selfSignedCertificate';
import { SIGN_IN, startFakeServer, type FakeServer } from './support/fakeServer';
import { addAndConnect, SKIP_REASON, underKeyring, viewOf } from './support/remoteSupport';

/**
 * A certificate trusted for one remote instance: a real HTTPS server on 127.0.0.1 with a
 * self-signed certificate is refused with the certificate's details; once pinned, it connects and
 * works; a server with another certificate on the same address is refused again; and a pin that
 * is not what it claims is refused with nothing stored.
 */

const tempDir = useTempDirs();
const openCore = useRosterCores();

const fakes: FakeServer[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

const owner = { username: 'owner', password: 'owner-password', timeoutSeconds: 5 };
const everyone = { query: '' };

/** A fresh self-signed certificate for 127.0.0.1, with its pin as the trust dialog sends it. */
function certificate() {
  const files = makeSelfSignedCertificate(tempDir('roster-pin-cert-'));
  return { files, pin: pinOf(files.certFile) };
}

async function httpsServer(files: { certFile: string; keyFile: string }, port?: number) {
  const server = await startFakeServer({ tls: files, ...(port === undefined ? {} : { port }) });
  fakes.push(server);
  return server;
}

const portOf = (url: string) => Number(new URL(url).port);

describe.skipIf(!underKeyring)(
  `a certificate trusted per instance${underKeyring ? '' : ` (${SKIP_REASON})`}`,
  () => {
    it('unpinned: refused with the certificate details; pinned: connects and works; another certificate on the same address: refused again', async () => {
      const first = certificate();
      const server = await httpsServer(first.files);
      const dataDir = tempDir();
      const { client } = openCore(dataDir);

      // Test connection says what certificate it is, and sends nothing but the handshake.
      const tested = valueOf(await client.invoke('instances.testConnection', { url: server.url, ...owner }));
      expect(tested).toMatchObject({
        ok: false,
        error: { code: 'UNAVAILABLE', kind: 'untrusted-certificate' },
      });
      if (tested.ok) throw new Error('unreachable');
      expect(tested.error.message).toMatch(/TLS certificate problem: it is self-signed/);
      expect(tested.error.certificate).toEqual({
        fingerprint: first.pin.fingerprint,
        pem: first.pin.pem,
        subject: 'CN=localhost',
        issuer: 'CN=localhost',
        validFrom: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        validTo: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      });
      expect(server.counts.size).toBe(0);

      const refused = await addAndConnect(client, { name: 'Pinned', url: server.url, ...owner });
      expect(refused).toMatchObject({ state: 'error', stateKind: 'untrusted-certificate' });
      expect(refused.stateCertificate?.fingerprint).toBe(first.pin.fingerprint);
      expect(refused.connection?.trustedFingerprint).toBeUndefined();

      // Trusting it for this instance keeps the pin in the instance's own settings record, and connects.
      const trusted = valueOf(
        await client.invoke('instances.trustCertificate', { id: refused.id, certificate: first.pin }),
      );
      expect(trusted).toMatchObject({
        state: 'connected',
        connection: { trustedFingerprint: first.pin.fingerprint },
      });
      expect(trusted.stateCertificate).toBeUndefined();
      expect(
        valueOf(await client.invoke('directory.users.search', { instanceId: refused.id, page: everyone })),
      ).toMatchObject({ total: 0 });
      expect(server.counts.get(SIGN_IN)).toBe(1);
      const settings = JSON.parse(readSettingsText(dataDir) ?? '{}') as {
        instances: { id: string; trustedCertificate?: unknown }[];
      };
      expect(settings.instances.find((instance) => instance.id === refused.id)?.trustedCertificate).toEqual(
        first.pin,
      );
      // Test connection of the saved instance (same address) uses its pin.
      expect(
        valueOf(
          await client.invoke('instances.testConnection', { id: refused.id, url: server.url, ...owner }),
        ),
      ).toMatchObject({ ok: true, username: 'owner' });

      // The server comes back on the same address with another certificate: refused, offered anew.
      const port = portOf(server.url);
      await server.close();
      const second = certificate();
      const impostor = await httpsServer(second.files, port);
      expect(impostor.url).toBe(server.url);
      const again = valueOf(await client.invoke('instances.connect', { id: refused.id }));
      expect(again).toMatchObject({ state: 'error', stateKind: 'untrusted-certificate' });
      expect(again.stateDetail).toMatch(/not the certificate trusted for this instance/);
      expect(again.stateCertificate?.fingerprint).toBe(second.pin.fingerprint);
      expect(again.stateCertificate?.fingerprint).not.toBe(first.pin.fingerprint);
      // Not one request (so no token, no password) reached the other certificate's server.
      expect(impostor.counts.size).toBe(0);
      expect(
        await client.invoke('directory.users.search', { instanceId: refused.id, page: everyone }),
      ).toMatchObject({ ok: false, error: { kind: 'untrusted-certificate' } });

      // Trusting the new one works in turn.
      expect(
        valueOf(
          await client.invoke('instances.trustCertificate', { id: refused.id, certificate: second.pin }),
        ),
      ).toMatchObject({ state: 'connected', connection: { trustedFingerprint: second.pin.fingerprint } });
    });

    it('a pin is for its own instance: another instance of the same server is still refused', async () => {
      const { files, pin } = certificate();
      const server = await httpsServer(files);
      const { client } = openCore(tempDir());
      const pinned = await addAndConnect(client, {
        name: 'Pinned',
        url: server.url,
        ...owner,
        trustedCertificate: pin,
      });
      expect(pinned).toMatchObject({
        state: 'connected',
        connection: { trustedFingerprint: pin.fingerprint },
      });
      const other = await addAndConnect(client, {
        name: 'Other',
        url: server.url,
        ...owner,
        username: 'someone',
      });
      expect(other).toMatchObject({ state: 'error', stateKind: 'untrusted-certificate' });
    });

    it('a malformed pin is refused with a clear error, and nothing is stored', async () => {
      const { files, pin } = certificate();
      const other = certificate();
      const server = await httpsServer(files);
      const dataDir = tempDir();
      const { client } = openCore(dataDir);
      const view = await addAndConnect(client, { name: 'Pinned', url: server.url, ...owner });
      const before = readSettingsText(dataDir);

      const bad = [
        { fingerprint: 'not a fingerprint', pem: pin.pem },
        { fingerprint: pin.fingerprint.slice(3), pem: pin.pem },
        { fingerprint: pin.fingerprint, pem: 'hello' },
        {
          fingerprint: pin.fingerprint,
          pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
        },
        // A real certificate, but not the one whose fingerprint the admin was shown.
        { fingerprint: pin.fingerprint, pem: other.pin.pem },
        { fingerprint: pin.fingerprint, pem: pin.pem, extra: true },
      ];
      for (const certificate of bad) {
        const answer = await client.invoke('instances.trustCertificate', { id: view.id, certificate });
        expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
        if (!answer.ok) expect(answer.error.message).not.toBe('');
      }
      const mismatch = await client.invoke('instances.trustCertificate', {
        id: view.id,
        certificate: { fingerprint: pin.fingerprint, pem: other.pin.pem },
      });
      expect(mismatch).toMatchObject({ ok: false, error: { field: 'certificate' } });
      if (!mismatch.ok) expect(mismatch.error.message).toContain(other.pin.fingerprint);
      expect(readSettingsText(dataDir)).toBe(before);
      expect((await viewOf(client, view.id))?.connection?.trustedFingerprint).toBeUndefined();
      expect(server.counts.size).toBe(0);
    });

    it('a new address or Forget trusted certificate drops the pin', async () => {
      const { files, pin } = certificate();
      const server = await httpsServer(files);
      const { client } = openCore(tempDir());
      const view = await addAndConnect(client, {
        name: 'Pinned',
        url: server.url,
        ...owner,
        trustedCertificate: pin,
      });
      expect(view.connection?.trustedFingerprint).toBe(pin.fingerprint);

      const forgotten = valueOf(await client.invoke('instances.forgetCertificate', { id: view.id }));
      expect(forgotten.connection?.trustedFingerprint).toBeUndefined();
      await expect.poll(async () => (await viewOf(client, view.id))?.stateKind).toBe('untrusted-certificate');

      valueOf(await client.invoke('instances.trustCertificate', { id: view.id, certificate: pin }));
      const moved = valueOf(
        await client.invoke('instances.editRemote', {
          id: view.id,
          name: 'Pinned',
          url: server.url.replace('127.0.0.1', 'localhost'),
          ...owner,
        }),
      );
      expect(moved.connection?.trustedFingerprint).toBeUndefined();
    });
  },
);
