import type { Readable } from 'node:stream';

/**
 * The DevTools address that Chromium, or Electron, started with --remote-debugging-port=0 prints on
 * its standard error ("DevTools listening on ws://…"), for Playwright's connectOverCDP. Rejects with
 * what the process printed if it ends, or the time runs out, before that line.
 */
export function devToolsEndpoint(stderr: Readable, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let printed = '';
    const stop = () => {
      clearTimeout(timer);
      stderr.off('data', onData);
      stderr.off('end', onEnd);
    };
    const fail = (why: string) => {
      stop();
      reject(new Error(`${why}; it printed:\n${printed}`));
    };
    const onData = (chunk: Buffer) => {
      printed += chunk.toString('utf8');
      const endpoint = /DevTools listening on (ws:\/\/\S+)/.exec(printed)?.[1];
      if (endpoint === undefined) return;
      stop();
      // Whatever it prints later is read and dropped, so that a full pipe never blocks it.
      stderr.resume();
      resolve(endpoint);
    };
    const onEnd = () => fail('The process closed its standard error before giving a DevTools address');
    const timer = setTimeout(() => fail(`No DevTools address within ${timeoutMs} ms`), timeoutMs);
    stderr.on('data', onData);
    stderr.on('end', onEnd);
  });
}
