import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/**
 * Registers cleanup in the calling test file and returns a maker of fresh
 * folders (fs.mkdtempSync under the OS temp dir), removed after each test.
 * Anything registered with `onCleanup` (open connections, cores) is closed first.
 */
export function useTempDirs(): {
  tempDir: (prefix?: string) => string;
  onCleanup: (close: () => unknown) => void;
} {
  const made: string[] = [];
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    tempDir: (prefix = 'roster-directory-') => {
      const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    onCleanup: (close) => closers.push(close),
  };
}
