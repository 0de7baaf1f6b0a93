import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface InstalledPackage {
  name: string;
  /** The package's folder relative to the project, as it lands in the app: node_modules/…/name. */
  folder: string;
}

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Node's lookup: the nearest node_modules/<name> from `from` upwards, within the project. */
function resolvePackage(root: string, from: string, name: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root) return undefined;
  }
}

/**
 * Every installed package the app needs at run time: the production dependencies of the project's
 * package.json and theirs, optional ones included where installed (as the keyring's package for this
 * system is). The tree electron-builder copies into the app.
 */
export function productionPackages(root: string): InstalledPackage[] {
  const found = new Map<string, InstalledPackage>();
  const visit = (dir: string) => {
    const manifest = readPackageJson(dir);
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const folder = resolvePackage(root, dir, name);
      if (folder === undefined) continue;
      const real = realpathSync(folder);
      if (found.has(real)) continue;
      found.set(real, { name, folder: path.relative(root, folder).split(path.sep).join('/') });
      visit(folder);
    }
  };
  visit(root);
  return [...found.values()];
}

/**
 * The files that make a package native: compiled addons (.node) and node-gyp build files
 * (binding.gyp), relative to the package's folder. Its own node_modules are other packages.
 */
export function nativeFiles(packageDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(file);
      } else if (entry.name.endsWith('.node') || entry.name === 'binding.gyp') {
        files.push(path.relative(packageDir, file).split(path.sep).join('/'));
      }
    }
  };
  walk(packageDir);
  return files;
}
