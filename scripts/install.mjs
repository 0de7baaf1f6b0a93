// Installs what Roster needs from the npm registry, then tries to add the pieces
// that come from elsewhere (the Electron binary and better-sqlite3 built for
// Electron). Where they cannot be downloaded it says so and carries on: the
// browser host and every test but the Electron ones work without them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (command, args, options = {}) =>
  spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32', ...options });

const installed = run(
  'npm',
  [existsSync('package-lock.json') ? 'ci' : 'install', '--no-audit', '--no-fund'],
  {
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  },
);
if (installed.status !== 0) process.exit(installed.status ?? 1);

const { installedElectronBinary } = await import('./electronBinary.mjs');
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && !installedElectronBinary()) {
  console.log(
    'ELECTRON_SKIP_BINARY_DOWNLOAD is set: not fetching Electron; Roster will run in your browser.',
  );
  process.exit(0);
}
if (!installedElectronBinary()) {
  console.log('Fetching the Electron binary…');
  const fetched = run(process.execPath, ['node_modules/electron/install.js'], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  if (fetched.status !== 0 || !installedElectronBinary()) {
    console.log('No Electron binary could be downloaded here; Roster will run in your browser instead.');
    process.exit(0);
  }
}
run(process.execPath, ['scripts/fetch-electron-native.mjs']);
