/// <reference lib="dom" />
// npm run bench:ui — the Users and Groups dialog in Chromium through the browser host, over a
// local instance with 100,000 users: dialog open to first rows, and filter keystroke to updated rows.
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openInstanceDatabase } from '../../electron/database/openDatabase';
import { createPasswordHasher } from '../../electron/secrets/passwordHasher';
import { startBrowserHost } from '../e2e/support/browserHost';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { makeTempDir } from '../support/tempDir';
import { report, reportPercentiles } from './measure';
import { seedDirectory } from './seedDirectory';

const USERS = 100_000;
/** A p95 needs at least 100 samples. */
const OPENS = 100;
const KEYSTROKES = 100;
/** Typed one key at a time, as an admin narrows the list, again and again until enough keystrokes counted. */
const TYPED = ['rosa.we', 'chen', 'example.org', 'tanaka4', 'zoe.si', '9999'];
/** Passes over TYPED at most, should too few keystrokes change the list. */
const PASSES_MAX = 10;

/** Records, in the page, when keys go down and when the users list or its count last changed. */
function instrument() {
  const w = window as unknown as {
    keyTimes: number[];
    lastChange: number;
    firstRowsAt: number;
    clickAt: number;
  };
  w.keyTimes = [];
  w.lastChange = 0;
  w.firstRowsAt = 0;
  w.clickAt = 0;
  document.addEventListener('keydown', () => w.keyTimes.push(performance.now()), true);
  document.addEventListener('click', () => (w.clickAt = performance.now()), true);
  new MutationObserver(() => {
    if (!w.firstRowsAt && document.querySelector('[role="option"][aria-label*="@"]'))
      w.firstRowsAt = performance.now();
  }).observe(document.body, { subtree: true, childList: true, attributes: true });
}

/** Watches only the users list and its count, so the filter field's own echo is not counted. */
function watchList() {
  const w = window as unknown as { lastChange: number };
  const list = document.querySelector('[role="listbox"][aria-label^="Users of"]');
  const count = list?.parentElement;
  if (!list || !count) throw new Error('The users list is not on screen.');
  new MutationObserver(() => (w.lastChange = performance.now())).observe(count, {
    subtree: true,
    childList: true,
    characterData: true,
    attributeFilter: ['aria-label'],
  });
}

async function main() {
  const folder = makeTempDir('roster-uibench-');
  const file = path.join(folder.path, 'instances', 'local.sqlite');
  mkdirSync(path.dirname(file), { recursive: true });
  const db = openInstanceDatabase(file, { mode: 'create', nativeDir: '' });
  seedDirectory(db, {
    users: USERS,
    groups: 1000,
    groupsPerUser: 3,
    passwordHash: await createPasswordHasher().hash('x-bench'),
  });
  db.close();

  const host = await startBrowserHost(folder.path);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    await page.evaluate(instrument);
    const node = page.getByRole('treeitem', { name: /^Local,/ });

    const opens: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      await page.evaluate(() => ((window as unknown as { firstRowsAt: number }).firstRowsAt = 0));
      await node.click({ button: 'right' });
      await page.getByRole('menuitem', { name: 'Users and Groups…' }).click();
      await page.waitForFunction(() => (window as unknown as { firstRowsAt: number }).firstRowsAt > 0);
      opens.push(
        await page.evaluate(() => {
          const w = window as unknown as { firstRowsAt: number; clickAt: number };
          return w.firstRowsAt - w.clickAt;
        }),
      );
      await page.getByRole('button', { name: 'OK' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
    reportPercentiles('dialog open to first rows', opens);

    await node.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Users and Groups…' }).click();
    const filter = page.getByRole('textbox', { name: 'Filter users' });
    await page.getByRole('option').first().waitFor();
    await page.evaluate(watchList);
    const samples: number[] = [];
    const texts = Array.from({ length: PASSES_MAX }, () => TYPED).flat();
    for (const text of texts) {
      if (samples.length >= KEYSTROKES) break;
      await filter.fill('');
      await page.waitForTimeout(150);
      for (const key of text) {
        await page.evaluate(() => ((window as unknown as { keyTimes: number[] }).keyTimes = []));
        await page.keyboard.press(key);
        // Quiet for 150 ms: the answer for this keystroke has been drawn.
        await page.waitForTimeout(150);
        const latency = await page.evaluate(() => {
          const w = window as unknown as { keyTimes: number[]; lastChange: number };
          const down = w.keyTimes[0] ?? 0;
          return w.lastChange > down ? w.lastChange - down : undefined;
        });
        if (latency !== undefined) samples.push(latency);
      }
    }
    reportPercentiles('filter keystroke to updated rows', samples);
    report('filter keystrokes measured', samples.length, 'keys');
  } finally {
    await browser.close();
    host.process.kill();
    folder.remove();
  }
}

void main();
