/// <reference lib="dom" />
// npm run bench:ui — the Users and Groups dialog in Chromium through the browser host, over a
// local instance with 100,000 users: dialog open to first rows, and filter keystroke to updated
// rows, on the plain list and sorted and filtered, with where each keystroke's time went.
import { chromium, type Page } from '@playwright/test';
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
/** Quiet this long after a keystroke: its answer has been drawn. */
const SETTLE_MS = 150;

/** What the page holds for the bench; set up by instrument(). */
interface Probe {
  keyTimes: number[];
  lastChange: number;
  firstRowsAt: number;
  clickAt: number;
  /** usePagedRows' measures ("users page": request sent to answer received), as they come. */
  pages: { start: number; end: number; page: number }[];
}

/** One keystroke as the page saw it: when the key went down, the list changed, and the requests. */
interface Keystroke {
  down: number;
  lastChange: number;
  pages: { start: number; end: number; page: number }[];
  searches: { start: number; responseEnd: number; serverMs: number; bytes: number }[];
  /** Every call to the host, searches included. */
  calls: number;
}

/** Records, in the page, when keys go down, when first rows appear, and every users page fetched. */
function instrument() {
  const w = window as unknown as Probe;
  w.keyTimes = [];
  w.lastChange = 0;
  w.firstRowsAt = 0;
  w.clickAt = 0;
  w.pages = [];
  document.addEventListener('keydown', () => w.keyTimes.push(performance.now()), true);
  document.addEventListener('click', () => (w.clickAt = performance.now()), true);
  new MutationObserver(() => {
    if (!w.firstRowsAt && document.querySelector('[role="option"][aria-label*="@"]'))
      w.firstRowsAt = performance.now();
  }).observe(document.body, { subtree: true, childList: true, attributes: true });
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntriesByName('users page')) {
      const detail = (entry as PerformanceMeasure).detail as { page: number };
      w.pages.push({ start: entry.startTime, end: entry.startTime + entry.duration, page: detail.page });
    }
  }).observe({ type: 'measure' });
}

/** Watches only the users list and its headers, so that the filter field's own echo is not counted. */
function watchList() {
  const w = window as unknown as Probe;
  const list = document.querySelector('[role="listbox"][aria-label^="Users of"]');
  const around = list?.parentElement;
  if (!list || !around) throw new Error('The users list is not on screen.');
  new MutationObserver(() => (w.lastChange = performance.now())).observe(around, {
    subtree: true,
    childList: true,
    characterData: true,
    attributeFilter: ['aria-label'],
  });
}

function startKeystroke() {
  const w = window as unknown as Probe;
  w.keyTimes = [];
  w.pages = [];
  performance.clearResourceTimings();
}

function readKeystroke(): Keystroke {
  const w = window as unknown as Probe;
  const calls = performance
    .getEntriesByType('resource')
    .filter((entry): entry is PerformanceResourceTiming => entry.name.includes('/rpc/'));
  const searches = calls
    .filter((entry) => entry.name.endsWith('/rpc/directory.users.search'))
    .map((entry) => ({
      start: entry.startTime,
      responseEnd: entry.responseEnd,
      serverMs: entry.serverTiming.find((timing) => timing.name === 'dispatch')?.duration ?? Number.NaN,
      bytes: entry.encodedBodySize,
    }));
  return {
    down: w.keyTimes[0] ?? 0,
    lastChange: w.lastChange,
    pages: w.pages,
    searches,
    calls: calls.length,
  };
}

/** Where a keystroke's time went, from key down to the list's DOM changed. */
interface Breakdown {
  total: number;
  /** Key down to the request sent: debounce, and the renderer's work before it. */
  debounce: number;
  /** Request sent to answer received, less the main side's time: HTTP and JSON both ways. */
  transport: number;
  /** Of the transport: the answer's last byte in, to the page's code handed the answer (the page was busy). */
  waitForPage: number;
  /** The main side's dispatch: input check and the directory's search. */
  main: number;
  /** Answer received to the list's DOM changed: React, the rows. */
  render: number;
  bytes: number;
  requests: number;
  /** The filter's text after the key. */
  text?: string;
}

/** The breakdown of a keystroke whose answer changed the list, through the first page drawn last. */
function breakdown(key: Keystroke): Breakdown | undefined {
  if (!(key.lastChange > key.down)) return undefined;
  const drawn = key.pages.filter((page) => page.page === 0 && page.end <= key.lastChange).at(-1);
  // The search that measure timed: the one that started with it.
  const search =
    drawn && key.searches.find((entry) => entry.start >= drawn.start && entry.start <= drawn.end);
  if (!drawn || !search) return undefined;
  return {
    total: key.lastChange - key.down,
    debounce: drawn.start - key.down,
    transport: drawn.end - drawn.start - search.serverMs,
    waitForPage: drawn.end - search.responseEnd,
    main: search.serverMs,
    render: key.lastChange - drawn.end,
    bytes: search.bytes,
    requests: key.calls,
  };
}

/** Types TYPED into the filter until KEYSTROKES keystrokes changed the list, and reports them as `name`. */
async function measureTyping(page: Page, name: string) {
  const filter = page.getByRole('textbox', { name: 'Filter users' });
  const samples: Breakdown[] = [];
  let unexplained = 0;
  const texts = Array.from({ length: PASSES_MAX }, () => TYPED).flat();
  for (const text of texts) {
    if (samples.length >= KEYSTROKES) break;
    await filter.fill('');
    await page.waitForTimeout(SETTLE_MS);
    for (let at = 0; at < text.length; at++) {
      const key = text.charAt(at);
      await page.evaluate(startKeystroke);
      await page.keyboard.press(key);
      await page.waitForTimeout(SETTLE_MS);
      const keystroke = await page.evaluate(readKeystroke);
      const sample = breakdown(keystroke);
      if (sample) samples.push({ ...sample, text: text.slice(0, at + 1) });
      else if (keystroke.lastChange > keystroke.down) unexplained += 1;
    }
  }
  const figure = (label: string, pick: (sample: Breakdown) => number) =>
    reportPercentiles(`${name}: ${label}`, samples.map(pick));
  figure('keystroke to updated rows', (sample) => sample.total);
  figure('debounce (key down to request sent)', (sample) => sample.debounce);
  figure('transport (less the main side)', (sample) => sample.transport);
  figure('transport: answer in, waiting for the page', (sample) => sample.waitForPage);
  figure('main side (dispatch and search)', (sample) => sample.main);
  figure('render (answer to list DOM changed)', (sample) => sample.render);
  report(`${name}: answer size p50`, median(samples.map((sample) => sample.bytes)), 'bytes');
  report(
    `${name}: calls per keystroke, most`,
    Math.max(...samples.map((sample) => sample.requests)),
    'calls',
  );
  report(`${name}: keystrokes measured`, samples.length, 'keys');
  for (const slow of [...samples].sort((a, b) => b.total - a.total).slice(0, SLOWEST))
    console.log(JSON.stringify({ name: `${name}: a slowest keystroke`, ...rounded(slow) }));
  if (unexplained > 0)
    report(`${name}: keystrokes that changed the list with no page timed`, unexplained, 'keys');
}

/** The keystrokes printed whole, slowest first: where a p95's tail comes from. */
const SLOWEST = 8;

const rounded = (sample: Breakdown) =>
  Object.fromEntries(
    Object.entries(sample).map(([key, value]) => [
      key,
      typeof value === 'number' ? Math.round(value * 10) / 10 : value,
    ]),
  );

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

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
      await page.evaluate(() => ((window as unknown as Probe).firstRowsAt = 0));
      await node.click({ button: 'right' });
      await page.getByRole('menuitem', { name: 'Users and Groups…' }).click();
      await page.waitForFunction(() => (window as unknown as Probe).firstRowsAt > 0);
      opens.push(
        await page.evaluate(() => {
          const w = window as unknown as Probe;
          return w.firstRowsAt - w.clickAt;
        }),
      );
      await page.getByRole('button', { name: 'OK' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
    reportPercentiles('dialog open to first rows', opens);

    await node.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Users and Groups…' }).click();
    await page.getByRole('option').first().waitFor();
    await page.evaluate(watchList);
    // The main side's first search with a text builds its in-memory copy (a third of a second) and
    // its first of 3+ characters reads the trigram index from disk: the instance opening, not a
    // keystroke. A text of three characters that many users match does both.
    const filter = page.getByRole('textbox', { name: 'Filter users' });
    await filter.fill('ann');
    await page
      .getByRole('status')
      .filter({ hasText: /match$/ })
      .waitFor();
    await measureTyping(page, 'plain list');

    // As an admin would: Display name's header twice (ascending, then descending), then Enabled.
    const panel = page.getByRole('tabpanel', { name: 'Users' });
    const header = panel.getByRole('table', { name: 'Sort by column' });
    await filter.fill('');
    for (const direction of ['ascending', 'descending'])
      await header
        .getByRole('button', { name: 'Display name', exact: true })
        .click()
        .then(() =>
          header
            .getByRole('columnheader', { name: 'Display name', exact: true })
            .and(page.locator(`[aria-sort="${direction}"]`))
            .waitFor(),
        );
    await panel.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menu', { name: 'Add filter' }).getByRole('menuitem', { name: 'Enabled' }).click();
    await panel.getByRole('list', { name: 'Active filters' }).getByText('Enabled').waitFor();
    await page.getByText(/users match$/).waitFor();
    await measureTyping(page, 'display name descending, Enabled');
  } finally {
    await browser.close();
    host.process.kill();
    folder.remove();
  }
}

void main();
