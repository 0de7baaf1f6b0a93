import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/**
 * Registers cleanup in the calling test file and returns a maker of fresh
 * folders under the OS temp dir; every folder is removed after each test.
 */
export function useTempDirs(): (prefix?: string) => string {
  const made: string[] = [];
  afterEach(() => {
    // Retried: a browser's helper processes may still write its profile just after the browser
    // itself has exited, and a removal racing them meets ENOTEMPTY.
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  });
  return (prefix = 'roster-test-') => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
