import { expect, test } from './support/browserHost';

test('the host refuses calls without its token and from other origins', async ({ request, host }) => {
  const call = (headers: Record<string, string>) =>
    request.post(`${host.origin}/rpc/instances.list`, {
      headers: { 'Content-Type': 'application/json', ...headers },
      data: {},
    });

  const anonymous = await call({});
  expect(anonymous.status()).toBe(401);
  // The host's own refusals are RFC 9457 problems, as the instance server's are.
  expect(anonymous.headers()['content-type']).toMatch(/^application\/problem\+json/);
  expect(await anonymous.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });

  expect((await call({ Authorization: 'Bearer wrong-token' })).status()).toBe(401);
  const foreign = await call({ Authorization: `Bearer ${host.token}`, Origin: 'http://evil.example' });
  expect(foreign.status()).toBe(403);
  expect(await foreign.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });

  const allowed = await call({ Authorization: `Bearer ${host.token}` });
  expect(allowed.status()).toBe(200);
  expect(await allowed.json()).toMatchObject({ ok: true, value: [{ name: 'Local', kind: 'local' }] });
});

test('a page opened without the token explains what to do and calls nothing', async ({ page, host }) => {
  const calls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/rpc/')) calls.push(request.url());
  });
  await page.goto(host.origin);
  await expect(page.getByRole('heading', { name: 'Roster needs its access address' })).toBeVisible();
  expect(calls).toEqual([]);
});

test('the token leaves the address bar but survives a reload', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('treeitem')).toHaveCount(1);
  expect(page.url()).not.toContain('token');
  await page.reload();
  await expect(page.getByRole('treeitem')).toHaveCount(1);
});
