import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What the build is made from: a test of an older build would test code that is gone. */
const SOURCES = ['electron', 'shared', 'renderer', 'electron.vite.config.ts'];

function newestChange(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, name) => Math.max(newest, newestChange(path.join(entry, name))),
    stats.mtimeMs,
  );
}

let checked: number | undefined;

/**
 * The path of a built entry (`out/main/<name>.js`): the instance server and the browser host run
 * as they are deployed, with plain Node, which also spares every test the seconds tsx takes to
 * compile them. A clear failure when the build is missing or older than the sources.
 */
export function builtEntry(name: 'server' | 'host'): string {
  const script = path.join(ROOT, 'out/main', `${name}.js`);
  if (!existsSync(script))
    throw new Error(
      `${script} is missing: build it with "npx electron-vite build" (npm test builds before the suites run).`,
    );
  checked ??= Math.max(...SOURCES.map((source) => newestChange(path.join(ROOT, source))));
  if (statSync(script).mtimeMs < checked)
    throw new Error(
      `${script} is older than the sources: build again with "npx electron-vite build" (npm test does).`,
    );
  return script;
}
