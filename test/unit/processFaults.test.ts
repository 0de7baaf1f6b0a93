import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { logLocationOf, openFileLog, type FileLog } from '../../electron/common/fileLog';
import { reportProcessFaults } from '../../electron/main/processFaults';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();
const opened: FileLog[] = [];
afterEach(async () => {
  for (const log of opened.splice(0)) await log.close();
});

/** A stand-in for `process`, and the main process's real log file. */
function watched() {
  const source = new EventEmitter();
  const log = openFileLog(logLocationOf(tempDir()), { scope: 'main' });
  opened.push(log);
  const shown: { title: string; content: string }[] = [];
  reportProcessFaults(source, {
    logger: log.logger,
    logFile: log.file,
    showError: (title, content) => shown.push({ title, content }),
  });
  const lines = async () => {
    await log.close();
    return readFileSync(log.file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  return { source, log, shown, lines };
}

describe('the main process’s unexpected errors', () => {
  it('logs an uncaught exception with its stack and shows it with the log file’s name', async () => {
    const { source, log, shown, lines } = watched();
    source.emit('uncaughtException', new RangeError('index out of range'));
    expect(shown).toEqual([
      {
        title: 'Roster hit an unexpected error',
        content: `index out of range\n\nFor the details, see the log, ${log.file}.`,
      },
    ]);
    const [line] = await lines();
    expect(line).toMatchObject({
      level: 'error',
      msg: 'Uncaught exception in the main process',
      err: { type: 'RangeError', message: 'index out of range' },
    });
    expect((line?.err as { stack: string }).stack).toContain('processFaults.test.ts');
  });

  it('logs an unhandled rejection without interrupting the user', async () => {
    const { source, shown, lines } = watched();
    source.emit('unhandledRejection', new Error('keychain went away'));
    source.emit('unhandledRejection', 'a rejected string');
    expect(shown).toEqual([]);
    const logged = await lines();
    expect(logged).toMatchObject([
      {
        level: 'error',
        msg: 'Unhandled promise rejection in the main process',
        err: { message: 'keychain went away' },
      },
      { level: 'error', msg: 'Unhandled promise rejection in the main process', detail: 'a rejected string' },
    ]);
  });
});
