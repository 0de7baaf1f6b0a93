import type { Page } from '@playwright/test';
import path from 'node:path';
import type { UserDetail } from '../../../shared/domain/directory';
import { newInstanceFile } from '../../integration/server/support/instanceFile';
import { startServer, type RunningServer } from '../../integration/server/support/serverProcess';
import { makeSelfSignedCertificate } from '../../support/selfSignedCertificate';
import { makeTempDir } from '../../support/tempDir';
import type { RunningHost } from '../support/browserHost';
import { instanceNode, inspectScreen } from '../support/navigator';
import { dialogButtons, feedback, userForm } from '../usersAndGroups/support';
import {
  ADMIN,
  CONNECT_TIMEOUT_MS,
  expect,
  fillRemoteForm,
  instanceNamed,
  openAddRemoteDialog,
  openRemoteUsersAndGroups,
  test as remoteTest,
  type ServedInstance,
  REMOTE_TEST_TIMEOUT_MS,
} from './support';

import { startSwitchableProxy, userSaves, type SwitchableProxy } from './switchableProxy';

/**
 * Faults on the way to a remote instance, as the admin meets them in the Users and Groups dialog:
 * a server that dies in the middle of a save, one that answers 500, one that never answers, and one
 * whose certificate nobody trusts. Each shows its kind of failure, the form keeps what was typed,
 * and (except for the certificate) Retry saves once the server is back.
 */

interface Fixtures {
  /**
   * A proxy in front of `server` that faults saves of users (PATCH/POST) only: sign-in and reads
   * pass. (Not `proxy`: Playwright has an option of that name.)
   */
  faultProxy: SwitchableProxy;
  /** A real instance server over HTTPS, on a self-signed certificate. */
  tlsServer: RunningServer;
}

const test = remoteTest.extend<Fixtures>({
  faultProxy: async ({ server }, use) => {
    const proxy = await startSwitchableProxy(server.url, { faults: userSaves });
    await use(proxy);
    await proxy.close();
  },
  tlsServer: async ({}, use) => {
    const dir = makeTempDir('roster-e2e-tls-');
    const { certFile, keyFile } = makeSelfSignedCertificate(dir.path);
    const file = path.join(dir.path, 'served.sqlite');
    await newInstanceFile(file);
    const server = await startServer(['--db', file, '--tls-cert', certFile, '--tls-key', keyFile]);
    try {
      await use(server);
    } finally {
      await server.stop();
      dir.remove();
    }
  },
});

test.describe.configure({ timeout: REMOTE_TEST_TIMEOUT_MS });

const INSTANCE = 'Faulty';
const ADA = {
  username: 'ada',
  password: 'ada-pw-1',
  displayName: 'Ada Lovelace',
  email: 'ada@example.com',
  enabled: true,
};
/** What the admin types before saving. */
const EDITS = { displayName: 'Ada King', email: 'ada.king@example.com' };

/** Creates Ada through the server's REST API, as another client would; answers her id. */
async function createAda(server: ServedInstance): Promise<number> {
  const token = await server.adminToken();
  const made = await server.api.call<UserDetail>('POST', '/api/users', { token, body: ADA });
  expect(made.status).toBe(201);
  return made.body.id;
}

/** Ada as the server has her, read through its REST API. */
async function storedAda(server: ServedInstance, id: number) {
  const token = await server.adminToken();
  const answer = await server.api.call<UserDetail>('GET', `/api/users/${id}`, { token });
  return { displayName: answer.body.displayName, email: answer.body.email };
}

/** The node's state and hover text as the host has them: in a failure message, they say why. */
const stateAndDetail = (host: RunningHost, name: string) => async () => {
  const instance = await instanceNamed(host, name);
  return `${instance.state}: ${instance.stateDetail ?? ''}`;
};

/** Adds the instance through the proxy and opens its Users and Groups on the Users tab. */
async function openFaultyDialog(page: Page, host: RunningHost, url: string, timeoutSeconds?: number) {
  await page.goto(host.url);
  const add = await openAddRemoteDialog(page);
  const fields = await fillRemoteForm(add, {
    name: INSTANCE,
    url,
    username: ADMIN.username,
    password: ADMIN.password,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  });
  await fields.submit.click();
  await expect(add).toBeHidden();
  // As addRemoteInstance waits, but a failure says why the node is not connected (its hover text).
  await expect.poll(stateAndDetail(host, INSTANCE), { timeout: CONNECT_TIMEOUT_MS }).toMatch(/^connected: /);
  await expect(instanceNode(page, INSTANCE)).toHaveAccessibleName(`${INSTANCE}, remote instance, connected`);
  const dialog = await openRemoteUsersAndGroups(page, INSTANCE);
  const panel = dialog.getByRole('tabpanel', { name: 'Users' });
  await expect(panel.getByRole('status')).toHaveText('2 users');
  return { dialog, panel };
}

/** Adds the instance, opens its Users and Groups, selects Ada and types the edits (not saved yet). */
async function editAda(page: Page, host: RunningHost, url: string, timeoutSeconds?: number) {
  const { dialog, panel } = await openFaultyDialog(page, host, url, timeoutSeconds);
  const list = panel.getByRole('listbox', { name: `Users of ${INSTANCE}` });
  await list.getByRole('option', { name: /^ada,/ }).click();
  const form = userForm(dialog, `User ${ADA.username}`);
  await expect(form.displayName).toHaveValue(ADA.displayName);
  await form.displayName.fill(EDITS.displayName);
  await form.email.fill(EDITS.email);
  const buttons = dialogButtons(dialog);
  await expect(buttons.unsaved).toBeVisible();
  // The form's own alert, above its fields (the Tokens section below has a notice of its own).
  const alert = form.form.locator(':scope > [role="alert"]');
  return { dialog, form, buttons, alert };
}

type Editor = Awaited<ReturnType<typeof editAda>>;

/** The failed save left every edit in place, still unsaved. */
async function expectEditsKept({ form, buttons }: Editor) {
  await expect(form.displayName).toHaveValue(EDITS.displayName);
  await expect(form.email).toHaveValue(EDITS.email);
  await expect(buttons.unsaved).toBeVisible();
}

/** Retry in the alert saves the kept edits, and the server has them. */
async function retryAndExpectSaved(page: Page, editor: Editor, server: ServedInstance, id: number) {
  await editor.alert.getByRole('button', { name: 'Retry' }).click();
  await expect(feedback(page, `${ADA.username} was saved.`)).toBeVisible({ timeout: CONNECT_TIMEOUT_MS });
  await expect(editor.alert).toBeHidden();
  await expect(editor.buttons.unsaved).toBeHidden();
  await expect(editor.form.displayName).toHaveValue(EDITS.displayName);
  expect(await storedAda(server, id)).toEqual(EDITS);
}

/** The navigator behind the modal dialog is hidden from assistive technology: ask the host instead. */
const stateOf = (host: RunningHost) => async () => (await instanceNamed(host, INSTANCE)).state;

const patchesOf = (proxy: SwitchableProxy, id: number) =>
  proxy.requests().filter((request) => request.method === 'PATCH' && request.path === `/api/users/${id}`);

test('A server killed in the middle of a save: "Server unreachable", the edits stay, Retry saves once it is back', async ({
  page,
  host,
  server,
  faultProxy: proxy,
}, testInfo) => {
  const id = await createAda(server);
  const editor = await editAda(page, host, proxy.url);

  // The server gets the request's head; before its body arrives, the process dies.
  proxy.setMode('hold');
  const held = proxy.nextFaulted();
  await editor.buttons.save.click();
  expect(await held).toEqual({ method: 'PATCH', path: `/api/users/${id}`, mode: 'hold' });
  server.kill();

  await expect(editor.alert).toContainText('Server unreachable');
  await expect(editor.alert).toContainText(`The server at ${proxy.url} is unreachable`);
  await expectEditsKept(editor);
  await expect.poll(stateOf(host)).toBe('error');
  await inspectScreen(page, testInfo, 'save-server-unreachable');

  proxy.setMode('pass');
  await server.restart();
  // Nothing was saved, and the PATCH was not sent again behind the admin's back.
  expect(await storedAda(server, id)).toEqual({ displayName: ADA.displayName, email: ADA.email });
  expect(patchesOf(proxy, id)).toHaveLength(1);

  await retryAndExpectSaved(page, editor, server, id);
  expect(patchesOf(proxy, id)).toHaveLength(2);
  await expect.poll(stateOf(host)).toBe('connected');
});

test('A server that answers 500: "Server error" with its message, the edits stay, Retry saves once it is mended', async ({
  page,
  host,
  server,
  faultProxy: proxy,
}) => {
  const id = await createAda(server);
  const editor = await editAda(page, host, proxy.url);

  proxy.setMode('fail');
  await editor.buttons.save.click();
  await expect(editor.alert).toContainText('Server error');
  await expect(editor.alert).toContainText(
    `The server answered PATCH /api/users/${id} with an error (HTTP 500): The database is on fire.`,
  );
  await expectEditsKept(editor);
  // One request failed; the connection itself is fine.
  expect(await stateOf(host)()).toBe('connected');
  expect(await storedAda(server, id)).toEqual({ displayName: ADA.displayName, email: ADA.email });

  proxy.setMode('pass');
  await retryAndExpectSaved(page, editor, server, id);
});

test('A server that never answers: "The server did not answer in time" after the instance\'s timeout, the edits stay, Retry saves', async ({
  page,
  host,
  server,
  faultProxy: proxy,
}) => {
  const TIMEOUT_SECONDS = 2;
  const id = await createAda(server);
  const editor = await editAda(page, host, proxy.url, TIMEOUT_SECONDS);

  proxy.setMode('hang');
  const hanging = proxy.nextFaulted();
  await editor.buttons.save.click();
  expect(await hanging).toMatchObject({ method: 'PATCH', mode: 'hang' });
  const asked = Date.now();
  await expect(editor.alert).toContainText('The server did not answer in time', {
    timeout: (TIMEOUT_SECONDS + 5) * 1000,
  });
  // It waited for the timeout set on the instance, not for some default.
  expect(Date.now() - asked).toBeGreaterThanOrEqual(TIMEOUT_SECONDS * 1000 - 500);
  await expect(editor.alert).toContainText(`did not answer within ${TIMEOUT_SECONDS} seconds`);
  await expectEditsKept(editor);
  await expect.poll(stateOf(host)).toBe('error');

  proxy.setMode('pass');
  await retryAndExpectSaved(page, editor, server, id);
  await expect.poll(stateOf(host)).toBe('connected');
});

test('A self-signed certificate: Test connection says "Certificate not trusted" and why, and the node shows it on hover', async ({
  page,
  host,
  tlsServer,
}, testInfo) => {
  expect(tlsServer.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  await page.goto(host.url);
  const dialog = await openAddRemoteDialog(page);
  const fields = {
    name: 'Secure',
    url: tlsServer.url,
    username: ADMIN.username,
    password: ADMIN.password,
  };
  const form = await fillRemoteForm(dialog, fields);
  await form.test.click();
  await expect(form.outcome).toContainText('Certificate not trusted', { timeout: CONNECT_TIMEOUT_MS });
  await expect(form.outcome).toContainText(
    `The server at ${tlsServer.url} has a TLS certificate problem: it is self-signed and not trusted by this computer`,
  );
  // What was typed stays, to be corrected or added anyway.
  await expect(form.name).toHaveValue(fields.name);
  await expect(form.url).toHaveValue(fields.url);
  await expect(form.username).toHaveValue(fields.username);
  await expect(form.password).toHaveValue(fields.password);
  await inspectScreen(page, testInfo, 'test-connection-self-signed');

  await form.submit.click();
  await expect(dialog).toBeHidden();
  await expect
    .poll(stateAndDetail(host, 'Secure'), { timeout: CONNECT_TIMEOUT_MS })
    .toMatch(/^error: The server at .* has a TLS certificate problem: it is self-signed/);
  const node = instanceNode(page, 'Secure');
  await expect(node).toHaveAccessibleName('Secure, error, remote instance');
  await node.getByText('error', { exact: true }).hover();
  await expect(page.getByRole('tooltip')).toContainText('TLS certificate problem: it is self-signed');
  await inspectScreen(page, testInfo, 'node-self-signed');
});

test('A new user whose answer is lost on the way back: Retry sends the same Idempotency-Key, and the server answers the user it made', async ({
  page,
  host,
  server,
  faultProxy: proxy,
}) => {
  await createAda(server);
  const { dialog, panel } = await openFaultyDialog(page, host, proxy.url);
  await panel.getByRole('button', { name: 'Add user' }).click();
  const form = userForm(dialog, 'New user');
  await form.username.fill('grace');
  await form.password.fill('grace-pw-1');
  await form.displayName.fill('Grace Hopper');
  await form.email.fill('grace@example.com');

  proxy.setMode('lose');
  await dialogButtons(dialog).save.click();
  const alert = form.form.locator(':scope > [role="alert"]');
  await expect(alert).toContainText('Server unreachable');
  await expect(form.username).toHaveValue('grace');

  proxy.setMode('pass');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(feedback(page, 'grace was saved.')).toBeVisible({ timeout: CONNECT_TIMEOUT_MS });
  await expect(userForm(dialog, 'User grace').username).not.toBeEditable();
  // The lost create (sent twice by the client itself after a cut connection, since a keyed create may
  // be repeated) and the admin's Retry all carry one key.
  const sent = proxy.requests();
  const creates = sent.filter((request) => request.method === 'POST' && request.path === '/api/users');
  expect(creates.length).toBeGreaterThanOrEqual(2);
  expect(new Set(creates.map((request) => request.idempotencyKey)).size).toBe(1);
  expect(creates[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  const token = await server.adminToken();
  const found = await server.api.call<{ total: number }>('GET', '/api/users?q=grace', { token });
  expect(found.body.total).toBe(1);
});

test('An older user read answering after a newer pick never replaces the form the admin picked last', async ({
  page,
  host,
  server,
}) => {
  const adaId = await createAda(server);
  // Reads of any user but Ada can be held back: the owner's, picked on the way, answers last.
  const proxy = await startSwitchableProxy(server.url, {
    faults: (method, path) =>
      method === 'GET' && /^\/api\/users\/\d+$/.test(path) && path !== `/api/users/${adaId}`,
  });
  try {
    const { dialog, panel } = await openFaultyDialog(page, host, proxy.url);
    const list = panel.getByRole('listbox', { name: `Users of ${INSTANCE}` });
    const ada = userForm(dialog, `User ${ADA.username}`);
    const owner = userForm(dialog, `User ${ADMIN.username}`);
    await list.getByRole('option', { name: /^ada,/ }).click();
    await expect(ada.displayName).toHaveValue(ADA.displayName);

    proxy.setMode('late');
    const ownerRead = proxy.nextFaulted();
    await list.getByRole('option', { name: new RegExp(`^${ADMIN.username},`) }).click();
    await ownerRead;
    // Back to Ada before the owner's answer came: she is read again, as a pick of another user would be.
    await list.getByRole('option', { name: /^ada,/ }).click();
    await expect(list.getByRole('option', { selected: true })).toHaveAccessibleName(/^ada,/);
    await expect(ada.displayName).toHaveValue(ADA.displayName);

    await proxy.releaseLate();
    // The late answer has reached the app; give the renderer a moment in which it could (wrongly) show it.
    await page.waitForTimeout(500);
    await expect(owner.form).toHaveCount(0);
    await expect(ada.displayName).toHaveValue(ADA.displayName);
    await expect(list.getByRole('option', { selected: true })).toHaveAccessibleName(/^ada,/);
  } finally {
    await proxy.close();
  }
});
