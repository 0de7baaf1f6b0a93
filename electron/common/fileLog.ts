import path from 'node:path';
import pino from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { Logger } from './logger';

export const LOG_FILE_NAME = 'roster.log';

/** Where a host keeps its log: `logs/roster.log` in its data folder. */
export interface LogLocation {
  folder: string;
  file: string;
}

export const logLocationOf = (dataDir: string): LogLocation => {
  const folder = path.join(dataDir, 'logs');
  return { folder, file: path.join(folder, LOG_FILE_NAME) };
};

/**
 * Keys whose values are censored wherever pino meets them at the top or one level down. Nothing
 * secret is ever handed to the logger; this is the second guard, should a field slip through.
 */
export const REDACTED_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
] as const;
const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]);

export interface FileLogOptions {
  /** Named on every line: main, host. */
  scope: string;
  /** Size at which the file is rotated (rotating-file-stream's notation). */
  rotateAt?: `${number}${'K' | 'M'}`;
  /** Rotated files kept beside the current one (roster.log.1 …); older ones are deleted. */
  keep?: number;
}

export interface FileLog extends LogLocation {
  logger: Logger;
  /** Writes what is buffered and closes the file. */
  close: () => Promise<void>;
}

/**
 * A log the user can find: JSON lines (pino) in `<folder>/roster.log`, rotated by size, a few
 * files kept. A file that cannot be written is said once on stderr and never stops the app.
 */
export function openFileLog(location: LogLocation, options: FileLogOptions): FileLog {
  const stream: RotatingFileStream = createStream(path.basename(location.file), {
    path: location.folder,
    size: options.rotateAt ?? '5M',
    rotate: options.keep ?? 4,
  });
  let broken = false;
  stream.on('error', (error) => {
    if (!broken) console.error(`Roster cannot write its log ${location.file}: ${error.message}`);
    broken = true;
  });
  const log = pino(
    {
      level: 'info',
      base: { scope: options.scope, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // "error" reads better than 50 to someone opening the file.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[secret]' },
    },
    stream,
  );
  const logger: Logger = {
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, error) =>
      log.error(
        error instanceof Error ? { err: error } : error === undefined ? {} : { detail: error },
        message,
      ),
  };
  const close = () =>
    new Promise<void>((resolve) => {
      if (broken || stream.closed) return resolve();
      stream.once('close', resolve);
      stream.once('error', () => resolve());
      stream.end();
    });
  return { ...location, logger, close };
}
