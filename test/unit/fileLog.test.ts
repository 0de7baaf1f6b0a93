import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logLocationOf, openFileLog, type FileLog } from '../../electron/common/fileLog';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();
const opened: FileLog[] = [];
afterEach(async () => {
  for (const log of opened.splice(0)) await log.close();
});

const open = (dataDir: string, options: Parameters<typeof openFileLog>[1] = { scope: 'test' }) => {
  const log = openFileLog(logLocationOf(dataDir), options);
  opened.push(log);
  return log;
};

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the log file', () => {
  it('is logs/roster.log in the data folder', () => {
    expect(logLocationOf('/data')).toEqual({
      folder: path.join('/data', 'logs'),
      file: path.join('/data', 'logs', 'roster.log'),
    });
  });

  it('writes one JSON line per call, with level, time, scope, message and fields', async () => {
    const dataDir = tempDir();
    const log = open(dataDir, { scope: 'main' });
    log.logger.info('connection state changed', { from: 'offline', to: 'connecting' });
    log.logger.warn('slow call');
    await log.close();
    const [info, warn] = linesOf(log.file);
    expect(info).toMatchObject({
      level: 'info',
      scope: 'main',
      msg: 'connection state changed',
      from: 'offline',
      to: 'connecting',
    });
    expect(Date.parse(String(info?.time))).not.toBeNaN();
    expect(warn).toMatchObject({ level: 'warn', msg: 'slow call' });
  });

  it('keeps an error’s stack, and what was thrown when it is not an Error', async () => {
    const log = open(tempDir());
    log.logger.error('instances.list failed', new TypeError('boom'));
    log.logger.error('odd failure', 'a thrown string');
    await log.close();
    const [error, odd] = linesOf(log.file);
    expect(error).toMatchObject({
      level: 'error',
      msg: 'instances.list failed',
      err: { type: 'TypeError', message: 'boom' },
    });
    expect((error?.err as { stack: string }).stack).toContain('fileLog.test.ts');
    expect(odd).toMatchObject({ msg: 'odd failure', detail: 'a thrown string' });
  });

  it('censors the values of known secret keys, at the top and one level down', async () => {
    const log = open(tempDir());
    log.logger.info('oops', { password: 'pw-top', accessToken: 'at-top', authorization: 'Bearer x-top' });
    log.logger.error('thrown object', {
      refreshToken: 'rt-nested',
      cookie: 'sid=c-nested',
      password: 'pw-nested',
    });
    await log.close();
    const text = readFileSync(log.file, 'utf8');
    for (const secret of ['pw-top', 'at-top', 'x-top', 'rt-nested', 'c-nested', 'pw-nested'])
      expect(text).not.toContain(secret);
    expect(text).toContain('[secret]');
  });

  it('rotates by size and keeps only the last few files', async () => {
    const dataDir = tempDir();
    const log = open(dataDir, { scope: 'test', rotateAt: '1K', keep: 2 });
    for (let index = 0; index < 120; index += 1) {
      log.logger.info(`line ${index}`, { padding: 'x'.repeat(100) });
      // Rotation happens between writes: let the stream catch up now and then.
      if (index % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await log.close();
    const files = readdirSync(log.folder).sort();
    expect(files).toEqual(['roster.log', 'roster.log.1', 'roster.log.2']);
    for (const file of files) expect(readFileSync(path.join(log.folder, file)).length).toBeLessThan(2048);
    // The newest lines are kept, the oldest are gone.
    const kept = files.map((file) => readFileSync(path.join(log.folder, file), 'utf8')).join('');
    expect(kept).toContain('"line 119"');
    expect(kept).not.toContain('"line 0"');
  });

  it('says once on stderr when the folder cannot be made, and never throws', async () => {
    const dataDir = tempDir();
    // A file where the folder should be: no one, not even root, can make the folder.
    writeFileSync(path.join(dataDir, 'logs'), 'not a folder');
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const log = open(dataDir);
      log.logger.info('first');
      log.logger.error('second', new Error('x'));
      await log.close();
      expect(existsSync(log.file)).toBe(false);
      expect(said).toHaveBeenCalledOnce();
      expect(String(said.mock.calls[0]?.[0])).toContain(log.file);
    } finally {
      said.mockRestore();
    }
  });
});
