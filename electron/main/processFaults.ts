import type { Logger } from '../common/logger';
import { seeTheLog } from '../common/logger';

/** The part of `process` whose fault events are watched: an EventEmitter in tests. */
export interface FaultSource {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * Puts the main process's unexpected errors in the log file, where a user who reports them can find
 * them. Electron's own handling shows a thrown error in a dialog and nowhere else, and drops a
 * rejected promise; the app keeps running after either, as it does without this, and a thrown
 * error is still shown, now with the log file's name.
 */
export function reportProcessFaults(
  source: FaultSource,
  {
    logger,
    logFile,
    showError,
  }: {
    logger: Logger;
    logFile: string;
    showError: (title: string, content: string) => void;
  },
): void {
  source.on('uncaughtException', (error) => {
    logger.error('Uncaught exception in the main process', error);
    showError(
      'Roster hit an unexpected error',
      `${error.message}\n\nFor the details, ${seeTheLog(logFile)}.`,
    );
  });
  source.on('unhandledRejection', (reason) => {
    logger.error('Unhandled promise rejection in the main process', reason);
  });
}
