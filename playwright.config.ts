import { defineConfig } from '@playwright/test';
import { availableParallelism } from 'node:os';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/support/chromium';

/** Options of the remote-instance fixtures (test/e2e/remote/support.ts). */
interface RemoteOptions {
  storage: 'sqlite' | 'postgres';
}

export default defineConfig<RemoteOptions>({
  outputDir: 'test-results',
  fullyParallel: true,
  // A journey keeps Chromium busy throughout: one worker per core (two at least, as the suite is
  // written for).
  workers: Math.max(2, availableParallelism()),
  reporter: [['list']],
  // Two workers on a shared two-core machine: the longer keyboard and API-key journeys took up to
  // 33 s there (15 s alone), and the remote-instance flow now also starts a PostgreSQL cluster.
  timeout: 45_000,
  expect: { timeout: 5_000 },
  // Traces cost about a minute per run; CI keeps the failure screenshots only. The system's "reduce
  // motion" setting, which Roster follows, spares Chromium a quarter of its work: no transition
  // or ripple to render and wait out.
  use: {
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    trace: process.env.CI ? 'off' : 'retain-on-failure',
  },
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
    {
      // The remote-instance flow again, its server on PostgreSQL instead of an instance file.
      name: 'browser-postgres',
      testDir: 'test/e2e',
      testMatch: 'remote/remoteInstance.spec.ts',
      use: {
        storage: 'postgres',
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
      },
    },
    { name: 'electron', testDir: 'test/e2e-electron' },
  ],
});
