import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { builtEntry } from '../../support/builtApp';
import { makeTempDir } from '../../support/tempDir';

export interface RunningHost {
  /** The address the host printed, access token included. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
}

const READY = /Roster is ready at (http:\/\/\S+)/;

/**
 * Starts the built browser host as a user would, on a fresh data folder, and waits for its address.
 * `env` adds to the test runner's environment (say, a D-Bus address with no keychain behind it).
 */
export async function startBrowserHost(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningHost> {
  const child = spawn(process.execPath, [builtEntry('host'), '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 10_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => reject(new Error(`host exited with ${String(code)}:\n${output}`)));
  });
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  return { url, origin: parsed.origin, token, dataDir, process: child };
}

export const test = base.extend<{ host: RunningHost }>({
  host: async ({}, use) => {
    const dataDir = makeTempDir('roster-e2e-');
    const host = await startBrowserHost(dataDir.path);
    await use(host);
    host.process.kill();
    dataDir.remove();
  },
});

export { expect } from '@playwright/test';
