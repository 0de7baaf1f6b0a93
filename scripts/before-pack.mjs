// electron-builder's beforePack hook (electron-builder.yml). The installed app loads better-sqlite3
// from native/, where scripts/fetch-electron-native.mjs puts the build for this machine's system and
// processor. A package for another system or processor would carry a library that cannot load there,
// and one without it could not open a local instance: either stops the build here, not at a user's
// first launch.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { electronSqliteBuild } from './electronNative.mjs';

/** Throws unless the native/ build of better-sqlite3 fits the package being made. */
export function checkNativeForTarget(
  target,
  build = electronSqliteBuild(),
  host = { platform: process.platform, arch: process.arch },
) {
  if (target.platform !== host.platform || target.arch !== host.arch) {
    throw new Error(
      `Cannot package Roster for ${target.platform}-${target.arch} on ${host.platform}-${host.arch}: ` +
        'native/ holds better-sqlite3 built for this machine only. Package on the system it is for.',
    );
  }
  if (!existsSync(build.file)) {
    throw new Error(
      `better-sqlite3 for Electron ${build.electronVersion} is missing (${build.file}); ` +
        'run "node scripts/fetch-electron-native.mjs" (npm run package does) before packaging.',
    );
  }
}

export function beforePack(context) {
  const { Arch } = createRequire(import.meta.url)('builder-util');
  checkNativeForTarget({ platform: context.electronPlatformName, arch: Arch[context.arch] });
}
