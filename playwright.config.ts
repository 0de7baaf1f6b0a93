import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/support/chromium';

export default defineConfig({
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // Traces cost about a minute per run; CI keeps the failure screenshots only.
  use: { screenshot: 'only-on-failure', trace: process.env.CI ? 'off' : 'retain-on-failure' },
  projects: [
    {
      name: 'browser',
      testDir: 'test/e2e',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          // Debian's Chromium, never a downloaded one.
          executablePath: CHROMIUM_PATH,
          args: CHROMIUM_ARGS,
        },
      },
    },
    { name: 'electron', testDir: 'test/e2e-electron' },
  ],
});
