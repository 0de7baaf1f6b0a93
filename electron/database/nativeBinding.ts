import path from 'node:path';

/**
 * Which compiled better-sqlite3 to load. Under Node (tests, the browser host,
 * the instance server) it is the one npm built; under Electron, whose ABI
 * differs, it is the build scripts/fetch-electron-native.mjs put in native/. An installed app
 * carries native/ in app.asar, unpacked beside it (electron-builder.yml), and Electron loads it
 * through its app.asar path.
 */
export function sqliteNativeBinding(
  versions: Pick<NodeJS.ProcessVersions, 'modules'> & { electron?: string },
  nativeDir: string,
): string | undefined {
  if (!versions.electron) return undefined;
  return path.join(nativeDir, `better-sqlite3-electron-v${versions.modules}`, 'better_sqlite3.node');
}
