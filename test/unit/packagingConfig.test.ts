import type { Configuration } from 'app-builder-lib';
import * as fileMatcher from 'app-builder-lib/out/fileMatcher.js';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { resolveFunction } from 'app-builder-lib/out/util/resolve.js';
import { DebugLogger } from 'builder-util';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sqliteNativeBinding } from '../../electron/database/nativeBinding';
import { checkNativeForTarget } from '../../scripts/before-pack.mjs';
import { electronSqliteBuild } from '../../scripts/electronNative.mjs';
import { ROOT } from '../support/builtApp';
import { nativeFiles, productionPackages } from './support/nativePackages';
import { useTempDirs } from './support/tempDir';

// Everything here runs offline: the configuration is read, validated against electron-builder's
// own schema and matched with its own file matchers, exactly as `electron-builder` does before it
// downloads Electron and packages.

const tempDir = useTempDirs();
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(ROOT, null, null);
});

/** electron-builder's filter for a list of patterns ("files" or "asarUnpack"), over project paths. */
function matcherFor(name: 'files' | 'asarUnpack'): (relative: string) => boolean {
  const matchers = fileMatcher.getFileMatchers(config, name, path.join(ROOT, 'app'), {
    macroExpander: (pattern) => pattern,
    customBuildOptions: {},
    globalOutDir: path.join(ROOT, config.directories?.output ?? 'dist'),
    defaultSrc: ROOT,
  });
  expect(matchers).toHaveLength(1);
  const [matcher] = matchers ?? [];
  if (!matcher) throw new Error(`electron-builder.yml has no ${name}`);
  const filter = matcher.createFilter();
  // The filter asks a path's stats only whether it is a folder: one file's serve for every file.
  const fileStats = statSync(path.join(ROOT, 'package.json'));
  return (relative) => filter(path.join(ROOT, relative), fileStats);
}

/**
 * electron-builder's filter for the files of one installed package, as it copies node_modules: the
 * exclusions of "files", applied to paths such as node_modules/<name>/lib/x.js. The function that
 * makes it is internal to electron-builder, hence the cast.
 */
function packedModuleFile(): (relative: string) => boolean {
  const { getNodeModuleFileMatcher } = fileMatcher as unknown as {
    getNodeModuleFileMatcher: (
      appDir: string,
      destination: string,
      macroExpander: (pattern: string) => string,
      platformOptions: object,
      packager: { config: Configuration; debugLogger: DebugLogger },
    ) => fileMatcher.FileMatcher;
  };
  const identity = (pattern: string) => pattern;
  const destination = path.join(ROOT, 'app');
  const { patterns } = getNodeModuleFileMatcher(
    ROOT,
    destination,
    identity,
    {},
    {
      config,
      debugLogger: new DebugLogger(false),
    },
  );
  const filter = new fileMatcher.FileMatcher(ROOT, destination, identity, patterns).createFilter();
  // As electron-builder does, the filter is given the path the file has in the app.
  const fileStats: Stats & { moduleFullFilePath?: string } = statSync(path.join(ROOT, 'package.json'));
  return (relative) => {
    fileStats.moduleFullFilePath = relative;
    return filter(path.join(ROOT, relative), fileStats);
  };
}

function targetsOf(platform: 'linux' | 'win' | 'mac'): string[] {
  const targets = config[platform]?.target;
  const list = Array.isArray(targets) ? targets : targets == null ? [] : [targets];
  return list.map((target) => (typeof target === 'string' ? target : target.target));
}

describe('the packaging configuration (electron-builder.yml)', () => {
  // Compiling electron-builder's schema takes seconds on a busy machine.
  it(
    'is valid by electron-builder’s schema, which refuses a misspelt option',
    { timeout: 60_000 },
    async () => {
      const debugLogger = new DebugLogger(false);
      await expect(validateConfiguration(config, debugLogger)).resolves.toBeUndefined();
      const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsnode: false } };
      await expect(validateConfiguration(misspelt as Configuration, debugLogger)).rejects.toThrow(
        /electronFuses/,
      );
    },
  );

  it('names the app and packs it into app.asar', () => {
    expect(config.productName).toBe('Roster');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.asar).toBe(true);
  });

  it('sets every fuse that locks the installed app down', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('makes an installer for each system', () => {
    expect(targetsOf('linux')).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targetsOf('win')).toContain('nsis');
    expect(targetsOf('mac')).toContain('dmg');
  });

  it('writes the installers to a folder git ignores', () => {
    const output = config.directories?.output;
    expect(output).toBeTruthy();
    const ignored = spawnSync('git', ['check-ignore', '-q', `${output}/Roster-0.1.0.AppImage`], {
      cwd: ROOT,
    });
    expect(ignored.status).toBe(0);
  });

  it('uses a PNG icon of at least 512×512, from which electron-builder makes .ico and .icns', () => {
    const icon = config.icon;
    if (!icon) throw new Error('electron-builder.yml names no icon');
    const png = readFileSync(path.join(ROOT, icon));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(png.readUInt32BE(20)).toBe(png.readUInt32BE(16));
  });

  it('packs the build, package.json and native/, and of the tracked files only package.json', () => {
    const packed = matcherFor('files');
    for (const file of [
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'package.json',
    ])
      expect(packed(file), file).toBe(true);
    expect(packed(path.relative(ROOT, electronSqliteBuild().file))).toBe(true);

    // Sources, tests, scripts, resources, docs and configuration stay out.
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    expect(tracked).toContain('electron/main/index.ts');
    expect(tracked.filter((file) => file !== '' && packed(file))).toEqual(['package.json']);
  });

  it('keeps every native module of the production dependencies out of app.asar', () => {
    const unpacked = matcherFor('asarUnpack');
    const natives = productionPackages(ROOT)
      .map((found) => ({ ...found, files: nativeFiles(path.join(ROOT, found.folder)) }))
      .filter((found) => found.files.length > 0);
    // The scan itself works: the three the app is known to load are among them.
    expect(natives.map((found) => found.name)).toEqual(
      expect.arrayContaining(['better-sqlite3', 'argon2', expect.stringMatching(/^@napi-rs\/keyring-/)]),
    );
    for (const found of natives)
      for (const file of found.files)
        expect(unpacked(`${found.folder}/${file}`), `${found.folder}/${file} in app.asar.unpacked`).toBe(
          true,
        );

    expect(unpacked('out/main/index.js')).toBe(false);
  });

  it('packs the production dependencies with their native builds, but not better-sqlite3’s sources or Node build', () => {
    const packed = packedModuleFile();
    const natives = productionPackages(ROOT).flatMap((found) =>
      nativeFiles(path.join(ROOT, found.folder)).map((file) => `${found.folder}/${file}`),
    );
    const [forNode, others] = [
      natives.filter((file) => file.startsWith('node_modules/better-sqlite3/build/')),
      natives.filter((file) => !file.startsWith('node_modules/better-sqlite3/build/')),
    ];
    expect(forNode).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    for (const file of forNode) expect(packed(file), file).toBe(false);
    expect(others.some((file) => file.startsWith('node_modules/argon2/'))).toBe(true);
    for (const file of others) expect(packed(file), file).toBe(true);

    expect(packed('node_modules/better-sqlite3/lib/database.js')).toBe(true);
    expect(packed('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(false);
    expect(packed('node_modules/better-sqlite3/src/better_sqlite3.cpp')).toBe(false);
    expect(packed('node_modules/zod/package.json')).toBe(true);
  });

  it('puts the Electron build of better-sqlite3 where the installed app looks for it, unpacked', () => {
    const { abi, electronVersion, file } = electronSqliteBuild();
    const appAsar = path.join(path.sep, 'opt', 'Roster', 'resources', 'app.asar');
    // electron/main/index.ts: nativeDir is native/ in app.getAppPath(), which is app.asar here.
    const loaded = sqliteNativeBinding(
      { modules: abi, electron: electronVersion },
      path.join(appAsar, 'native'),
    );
    expect(loaded).toBe(path.join(appAsar, path.relative(ROOT, file)));
    expect(matcherFor('files')(path.relative(ROOT, file))).toBe(true);
    expect(matcherFor('asarUnpack')(path.relative(ROOT, file))).toBe(true);
    // Electron's own rebuild is off: it would rebuild the project's node_modules in place, for Electron.
    expect(config.npmRebuild).toBe(false);
  });
});

describe('the beforePack hook', () => {
  const host = { platform: process.platform, arch: process.arch };

  it('is the one electron-builder loads, and it refuses a package for another system', async () => {
    const hook = (await resolveFunction('module', config.beforePack, 'beforePack', ROOT)) as (context: {
      electronPlatformName: string;
      arch: number;
    }) => void;
    const otherSystem = process.platform === 'win32' ? 'linux' : 'win32';
    // 1 is electron-builder's Arch.x64.
    expect(() => hook({ electronPlatformName: otherSystem, arch: 1 })).toThrow(
      `Cannot package Roster for ${otherSystem}-x64`,
    );
  });

  it('refuses a package for another processor', () => {
    const otherArch = host.arch === 'arm64' ? 'x64' : 'arm64';
    expect(() => checkNativeForTarget({ ...host, arch: otherArch })).toThrow(
      /Package on the system it is for/,
    );
  });

  it('refuses a package without better-sqlite3 for Electron, and says how to fetch it', () => {
    const missing = { ...electronSqliteBuild(), file: path.join(tempDir(), 'better_sqlite3.node') };
    expect(() => checkNativeForTarget(host, missing)).toThrow(/node scripts\/fetch-electron-native\.mjs/);
  });

  it('lets a package for this machine through when the build is there', () => {
    const present = { ...electronSqliteBuild(), file: path.join(tempDir(), 'better_sqlite3.node') };
    writeFileSync(present.file, '');
    expect(() => checkNativeForTarget(host, present)).not.toThrow();
  });
});
