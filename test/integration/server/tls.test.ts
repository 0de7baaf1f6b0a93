import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSelfSignedCertificate } from '../../support/selfSignedCertificate';
import { makeTempDir } from '../../support/tempDir';
import { rawRequest } from './support/api';
import { ADMIN, newInstanceFile } from './support/instanceFile';
import { runCli, START_TIMEOUT_MS, startServer, type RunningServer } from './support/serverProcess';

/** HTTPS with --tls-cert and --tls-key, on a self-signed certificate made for the test. */

const temp = makeTempDir('roster-server-tls-');
let server: RunningServer;
let cert: Buffer;

beforeAll(async () => {
  const { certFile, keyFile } = makeSelfSignedCertificate(temp.path);
  cert = readFileSync(certFile);
  const file = path.join(temp.path, 'instance.sqlite');
  await newInstanceFile(file);
  server = await startServer(['--db', file, '--tls-cert', certFile, '--tls-key', keyFile]);
}, START_TIMEOUT_MS + 10_000);

afterAll(async () => {
  await server.stop();
  temp.remove();
});

describe('the server over TLS', () => {
  it('says https in the address it prints', () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers over HTTPS to a client that trusts the certificate: health, then a sign-in', async () => {
    const health = await rawRequest(`${server.url}/api/health`, { ca: cert });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ name: 'Roster instance server', api: 4 });
    const login = await rawRequest(`${server.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
      ca: cert,
    });
    expect(login.status).toBe(200);
    const { accessToken } = JSON.parse(login.text) as { accessToken: string };
    const me = await rawRequest(`${server.url}/api/auth/me`, {
      headers: { Authorization: `Bearer ${accessToken}` },
      ca: cert,
    });
    expect(JSON.parse(me.text)).toMatchObject({ username: ADMIN.username, role: 'administrator' });
  });

  it('is refused by a client that does not trust the certificate', async () => {
    await expect(rawRequest(`${server.url}/api/health`)).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it('does not speak plain HTTP on that port', async () => {
    await expect(fetch(server.url.replace('https:', 'http:') + '/api/health')).rejects.toThrow();
  });

  it('refuses to start with a certificate and no key', async () => {
    const result = await runCli(['--db', 'x.sqlite', '--tls-cert', 'cert.pem']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Give --tls-cert and --tls-key together.');
  });
});
