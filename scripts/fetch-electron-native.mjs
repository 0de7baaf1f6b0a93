// better-sqlite3 is compiled against Node's ABI by `npm install`, and Electron's
// differs. Rather than rebuild in place (which would break the tests, which run
// on Node), fetch the Electron build into native/, beside the Node one. The main
// process loads it through better-sqlite3's `nativeBinding` option
// (electron/database/nativeBinding.ts).
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { electronSqliteBuild } from './electronNative.mjs';

const require = createRequire(import.meta.url);
const { electronVersion, file: target } = electronSqliteBuild();

if (existsSync(target)) {
  console.log(`better-sqlite3 for Electron ${electronVersion} is already in ${path.dirname(target)}.`);
  process.exit(0);
}

const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = mkdtempSync(path.join(os.tmpdir(), 'roster-native-'));
try {
  cpSync(sqliteDir, work, {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}build${path.sep}`),
  });
  const prebuildInstall = require.resolve('prebuild-install/bin.js', { paths: [sqliteDir] });
  const fetched = spawnSync(
    process.execPath,
    [
      prebuildInstall,
      '--runtime=electron',
      `--target=${electronVersion}`,
      `--arch=${process.arch}`,
      `--platform=${process.platform}`,
    ],
    { cwd: work, stdio: 'inherit', timeout: 120_000 },
  );
  const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  if (fetched.status !== 0 || !existsSync(built)) {
    console.log(
      `Could not download better-sqlite3 for Electron ${electronVersion}. The desktop app needs it for local ` +
        'instances; run "node scripts/fetch-electron-native.mjs" where the download is possible.',
    );
    process.exit(1);
  }
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(built, target);
  console.log(`better-sqlite3 for Electron ${electronVersion} is in ${path.dirname(target)}.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
