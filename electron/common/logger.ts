export interface Logger {
  info: (message: string) => void;
  warn: (message: string) => void;
  error: (message: string, error?: unknown) => void;
}

/** Writes to stderr with a timestamp; never given secrets, by rule rather than by filter. */
export function createConsoleLogger(scope: string): Logger {
  const line = (level: string, message: string) =>
    `${new Date().toISOString()} ${level} [${scope}] ${message}`;
  return {
    info: (message) => console.error(line('info', message)),
    warn: (message) => console.error(line('warn', message)),
    error: (message, error) =>
      console.error(line('error', message), error instanceof Error ? error.stack : (error ?? '')),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
