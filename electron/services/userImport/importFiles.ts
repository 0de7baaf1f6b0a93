import { randomUUID } from 'node:crypto';
import { RosterError } from '../../../shared/contract/errors';
import type { CsvFile } from './csvFile';

export interface KeptFile extends CsvFile {
  instanceId: string;
  fileName: string;
  readAt: number;
}

/** Files read and not imported yet are forgotten after this long, or when this many newer ones were read. */
const KEEP_MS = 2 * 60 * 60_000;
const KEEP_COUNT = 10;

/**
 * The CSV files read for import, kept on the main side between the column mapping, the dry run,
 * the import and the download of its refused rows, so that the file crosses to the main side once.
 */
export function createImportFiles(now: () => number = Date.now) {
  const files = new Map<string, KeptFile>();

  const forgetOld = () => {
    const horizon = now() - KEEP_MS;
    for (const [id, file] of files) if (file.readAt < horizon) files.delete(id);
    // A Map iterates in insertion order: the first keys are the oldest files.
    for (const id of [...files.keys()].slice(0, Math.max(0, files.size - KEEP_COUNT))) files.delete(id);
  };

  return {
    keep(instanceId: string, fileName: string, file: CsvFile): string {
      const id = randomUUID();
      files.set(id, { ...file, instanceId, fileName, readAt: now() });
      forgetOld();
      return id;
    },

    get(instanceId: string, fileId: string): KeptFile {
      forgetOld();
      const file = files.get(fileId);
      if (!file || file.instanceId !== instanceId)
        throw new RosterError('NOT_FOUND', 'That file is no longer at hand: choose it again.', 'fileId');
      return file;
    },
  };
}

export type ImportFiles = ReturnType<typeof createImportFiles>;
