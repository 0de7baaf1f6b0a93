/** Plain values to log beside a message: ids, counts, statuses, never a secret. */
export type LogFields = Readonly<Record<string, string | number | boolean>>;

export interface Logger {
  info: (message: string, fields?: LogFields) => void;
  warn: (message: string, fields?: LogFields) => void;
  error: (message: string, error?: unknown) => void;
}

const fieldsText = (fields: LogFields | undefined): string =>
  fields === undefined
    ? ''
    : Object.entries(fields)
        .map(([key, value]) => ` ${key}=${String(value)}`)
        .join('');

/** Writes to stderr with a timestamp; never given secrets, by rule rather than by filter. */
export function createConsoleLogger(scope: string): Logger {
  const line = (level: string, message: string, fields?: LogFields) =>
    `${new Date().toISOString()} ${level} [${scope}] ${message}${fieldsText(fields)}`;
  return {
    info: (message, fields) => console.error(line('info', message, fields)),
    warn: (message, fields) => console.error(line('warn', message, fields)),
    error: (message, error) =>
      console.error(line('error', message), error instanceof Error ? error.stack : (error ?? '')),
  };
}

/** Every line to each of the loggers (the log file, and stderr while developing). */
export function teeLogger(...loggers: readonly Logger[]): Logger {
  return {
    info: (message, fields) => loggers.forEach((logger) => logger.info(message, fields)),
    warn: (message, fields) => loggers.forEach((logger) => logger.warn(message, fields)),
    error: (message, error) => loggers.forEach((logger) => logger.error(message, error)),
  };
}

/** The end of a message that sends the user to the log: where it is, when this host keeps one. */
export const seeTheLog = (logFile: string | undefined): string =>
  logFile === undefined ? 'see the log' : `see the log, ${logFile}`;

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
