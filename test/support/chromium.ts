/**
 * How Debian's Chromium is started for tests and benchmarks. The
 * background-networking flags keep it from calling out of a machine whose
 * network is closed; Playwright adds --headless and a fresh profile itself.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
