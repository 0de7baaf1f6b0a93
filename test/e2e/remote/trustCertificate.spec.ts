import path from 'node:path';
import { newInstanceFile } from '../../integration/server/support/instanceFile';
import { startServer, type RunningServer } from '../../integration/server/support/serverProcess';
import { pinOf } from '../../support/certificatePin';
import { makeSelfSignedCertificate, type CertificateFiles } from '../../support/selfSignedCertificate';
import { makeTempDir } from '../../support/tempDir';
import { instanceNode, inspectScreen, openContextMenuWithMouse } from '../support/navigator';
import {
  ADMIN,
  CONNECT_TIMEOUT_MS,
  expect,
  fillRemoteForm,
  openAddRemoteDialog,
  openRemoteUsersAndGroups,
  remoteForm,
  REMOTE_TEST_TIMEOUT_MS,
  test as remoteTest,
} from './support';

/**
 * An instance server whose certificate this computer does not trust: the admin trusts it for
 * that instance in the dialog, after seeing its fingerprint; when the server later shows another
 * certificate on the same address, Roster refuses it and offers the new one.
 */

interface SecureServer {
  url: string;
  /** The certificate the server shows now. */
  certificate: CertificateFiles;
  /** Restarts the server on the same port and file with a new self-signed certificate. */
  renewCertificate: () => Promise<void>;
}

const test = remoteTest.extend<{ secure: SecureServer }>({
  secure: async ({}, use) => {
    const dir = makeTempDir('roster-e2e-pin-');
    const file = path.join(dir.path, 'served.sqlite');
    await newInstanceFile(file);
    let generation = 0;
    const freshCertificate = () => {
      generation += 1;
      const folder = makeTempDir(`roster-e2e-pin-${generation}-`);
      return { folder, files: makeSelfSignedCertificate(folder.path) };
    };
    let current = freshCertificate();
    const serve = (port?: number) =>
      startServer([
        '--db',
        file,
        '--tls-cert',
        current.files.certFile,
        '--tls-key',
        current.files.keyFile,
        ...(port === undefined ? [] : ['--port', String(port)]),
      ]);
    let server: RunningServer = await serve();
    const secure: SecureServer = {
      url: server.url,
      certificate: current.files,
      renewCertificate: async () => {
        await server.stop();
        current.folder.remove();
        current = freshCertificate();
        secure.certificate = current.files;
        server = await serve(server.port);
      },
    };
    try {
      await use(secure);
    } finally {
      await server.stop();
      current.folder.remove();
      dir.remove();
    }
  },
});

test.describe.configure({ timeout: 2 * REMOTE_TEST_TIMEOUT_MS });

const NAME = 'Secure';

test('Trust a self-signed certificate for an instance, then refuse another one on the same address', async ({
  page,
  host,
  secure,
}, testInfo) => {
  const first = pinOf(secure.certificate.certFile);
  await page.goto(host.url);
  const dialog = await openAddRemoteDialog(page);
  const form = await fillRemoteForm(dialog, {
    name: NAME,
    url: secure.url,
    username: ADMIN.username,
    password: ADMIN.password,
  });
  await form.test.click();
  await expect(form.outcome).toContainText('Certificate not trusted', { timeout: CONNECT_TIMEOUT_MS });
  await expect(form.outcome).toContainText(first.fingerprint);

  await dialog.getByRole('button', { name: 'Trust this certificate for this instance…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Trust this certificate?' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(first.fingerprint);
  await expect(confirm).toContainText('Issued to');
  await expect(confirm).toContainText('CN=localhost');
  await expect(confirm).toContainText(secure.url);
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await inspectScreen(page, testInfo, 'trust-certificate');
  await confirm.getByRole('button', { name: 'Trust certificate' }).click();
  await expect(confirm).toBeHidden();
  await expect(form.outcome).toContainText('Connection works', { timeout: CONNECT_TIMEOUT_MS });

  await form.submit.click();
  await expect(dialog).toBeHidden();
  const node = instanceNode(page, NAME);
  await expect(node).toHaveAccessibleName(`${NAME}, remote instance, connected`, {
    timeout: CONNECT_TIMEOUT_MS,
  });
  const usersAndGroups = await openRemoteUsersAndGroups(page, NAME);
  // The server's users, read over the pinned connection.
  await expect(usersAndGroups.getByRole('tabpanel', { name: 'Users' })).toContainText(ADMIN.username);
  await usersAndGroups.getByRole('button', { name: 'Cancel' }).click();
  await expect(usersAndGroups).toBeHidden();

  // The server comes back on the same port with another certificate.
  await secure.renewCertificate();
  const second = pinOf(secure.certificate.certFile);
  expect(second.fingerprint).not.toBe(first.fingerprint);
  const disconnect = await openContextMenuWithMouse(page, NAME);
  await disconnect.getByRole('menuitem', { name: 'Disconnect' }).click();
  await expect(node).toHaveAccessibleName(`${NAME}, offline, remote instance`);
  const connect = await openContextMenuWithMouse(page, NAME);
  await connect.getByRole('menuitem', { name: 'Connect', exact: true }).click();
  await expect(node).toHaveAccessibleName(`${NAME}, error, remote instance`, { timeout: CONNECT_TIMEOUT_MS });

  // The node and the status bar offer to review the certificate: Edit connection, which offers the
  // new certificate at once.
  await expect(node.getByRole('button', { name: `Review certificate of ${NAME}` })).toBeVisible();
  await page
    .getByRole('contentinfo', { name: 'Status bar' })
    .getByRole('button', { name: `Review certificate of ${NAME}` })
    .click();
  const edit = page.getByRole('dialog', { name: `Edit connection of ${NAME}` });
  const offer = remoteForm(edit).outcome;
  await expect(offer).toContainText('Certificate not trusted');
  await expect(offer).toContainText('not the certificate trusted for this instance');
  await expect(offer).toContainText(second.fingerprint);
  await expect(edit).toContainText(first.fingerprint); // the one trusted until now, which may be forgotten
  // Disconnect's toast has gone (its info colours are another matter than this dialog's).
  await expect(page.getByText(`${NAME} was disconnected.`)).toBeHidden({ timeout: 10_000 });
  await inspectScreen(page, testInfo, 'edit-connection-certificate-refused');
  await edit.getByRole('button', { name: 'Trust this certificate for this instance…' }).click();
  await expect(confirm).toContainText(second.fingerprint);
  await inspectScreen(page, testInfo, 'trust-renewed-certificate');
  await confirm.getByRole('button', { name: 'Trust certificate' }).click();
  await expect(confirm).toBeHidden({ timeout: CONNECT_TIMEOUT_MS });
  // Kept with the instance, which connected again: the dialog shows it trusted, ready to be forgotten.
  await expect(edit.getByRole('button', { name: 'Forget trusted certificate' })).toBeVisible();
  await expect(edit.getByText(second.fingerprint)).toBeVisible();
  await expect(offer).toHaveCount(0);
  // Connect's failure, shown until dismissed, went when the instance connected: it is mended.
  await expect(page.getByRole('alert').filter({ hasText: 'ERR_CERTIFICATE_NOT_PINNED' })).toHaveCount(0);
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await expect(node).toHaveAccessibleName(`${NAME}, remote instance, connected`, {
    timeout: CONNECT_TIMEOUT_MS,
  });
});
