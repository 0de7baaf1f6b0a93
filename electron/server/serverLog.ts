import pino, { type DestinationStream, type Logger } from 'pino';

export type ServerLog = Pick<Logger, 'info' | 'warn' | 'error'>;

/**
 * The instance server's log: JSON lines (pino) on stdout, for a service manager or a log shipper
 * to collect. Nothing secret is ever passed to it; the redaction is a second guard should a header
 * or a body reach a log call by mistake.
 */
export function createServerLog(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'roster-server' },
      redact: {
        paths: [
          'headers.authorization',
          'headers.cookie',
          '*.password',
          '*.accessToken',
          '*.refreshToken',
          'password',
          'accessToken',
          'refreshToken',
        ],
        censor: '[secret]',
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** For tests and hosts that keep their own log. */
export const silentServerLog: ServerLog = pino({ level: 'silent' });
