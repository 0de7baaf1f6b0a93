import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { devToolsEndpoint } from '../support/devTools';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();

describe('devToolsEndpoint', () => {
  it('finds the address a browser prints, and Playwright drives the browser through it', async () => {
    const browserProcess = spawn(
      CHROMIUM_PATH,
      [
        ...CHROMIUM_ARGS,
        '--headless',
        '--remote-debugging-port=0',
        `--user-data-dir=${tempDir('roster-devtools-')}`,
        'data:text/html,<title>Reached</title>',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    try {
      const endpoint = await devToolsEndpoint(browserProcess.stderr);
      expect(endpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/devtools\/browser\//);
      const browser = await chromium.connectOverCDP(endpoint);
      const [context] = browser.contexts();
      await expect.poll(() => context?.pages().length).toBe(1);
      await expect.poll(() => context?.pages()[0]?.title()).toBe('Reached');
      await browser.close();
    } finally {
      browserProcess.kill();
      if (browserProcess.exitCode === null && browserProcess.signalCode === null)
        await once(browserProcess, 'exit');
    }
  });

  it('says what the process printed when it ends without an address', async () => {
    const child = spawn(process.execPath, ['-e', 'console.error("cannot start: no display")'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await expect(devToolsEndpoint(child.stderr)).rejects.toThrow(
      /closed its standard error before giving a DevTools address; it printed:\ncannot start: no display/,
    );
  });

  it('gives up after its time, with what was printed so far', async () => {
    const child = spawn(
      process.execPath,
      ['-e', 'console.error("still starting"); setTimeout(() => {}, 60_000)'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    try {
      // Time enough for Node to start and print on a busy machine.
      await expect(devToolsEndpoint(child.stderr, 5_000)).rejects.toThrow(
        /No DevTools address within 5000 ms; it printed:\nstill starting/,
      );
    } finally {
      child.kill();
    }
  });
});
