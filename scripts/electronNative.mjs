import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The installed Electron and where its build of better-sqlite3 belongs: native/, in a folder named
 * for Electron's ABI, as electron/database/nativeBinding.ts looks for it (in an installed app too,
 * where native/ sits in app.asar, unpacked).
 */
export function electronSqliteBuild() {
  const electronDir = path.dirname(require.resolve('electron/package.json'));
  const electronVersion = require('electron/package.json').version;
  const abi = readFileSync(path.join(electronDir, 'abi_version'), 'utf8').trim();
  const file = path.join(ROOT, 'native', `better-sqlite3-electron-v${abi}`, 'better_sqlite3.node');
  return { electronVersion, abi, file };
}
