import { stringify } from 'csv-stringify/sync';
import type { Handlers } from '../../../shared/contract/channel';
import { RosterError } from '../../../shared/contract/errors';
import type { importChannels } from '../../../shared/contract/userImport';
import type { ColumnMapping, ImportOptions } from '../../../shared/domain/userImport';
import type { DirectoryRegistry } from '../directory/directoryRegistry';
import { rowsOf, suggestMapping } from './columnMapping';
import { readCsv } from './csvFile';
import { createImportFiles, type KeptFile } from './importFiles';

/** Rows the mapping screen shows as they are in the file. */
const SAMPLE_ROWS = 5;

/** The refused rows' file is named after the one they came from. */
const refusedName = (fileName: string) => `${fileName.replace(/\.csv$/i, '') || 'users'}-refused.csv`;

/** The import channels: files read and kept here, rows judged and imported by the instance. */
export function createImportService(
  registry: DirectoryRegistry,
  files = createImportFiles(),
): Handlers<typeof importChannels> {
  const on = (instanceId: string) => registry.get(instanceId);

  const requestOf = (file: KeptFile, mapping: ColumnMapping, options: ImportOptions) => {
    const beyond = Object.entries(mapping).find(([, column]) => column >= file.headers.length);
    if (beyond) throw new RosterError('INVALID_INPUT', `The file has no column ${beyond[1] + 1}.`, 'mapping');
    if (file.records.length === 0)
      throw new RosterError('INVALID_INPUT', 'The file has no rows below its header.', 'fileId');
    return { rows: rowsOf(file.records, mapping), options };
  };

  return {
    'directory.import.read': ({ instanceId, fileName, text }) => {
      const file = readCsv(text);
      return {
        fileId: files.keep(instanceId, fileName, file),
        fileName,
        headers: file.headers,
        sample: file.records.slice(0, SAMPLE_ROWS).map((record) => record.cells),
        rows: file.records.length,
        mapping: suggestMapping(file.headers),
      };
    },
    'directory.import.preview': async ({ instanceId, fileId, mapping, options }) =>
      (await on(instanceId)).previewImport(requestOf(files.get(instanceId, fileId), mapping, options)),
    'directory.import.start': async ({ instanceId, fileId, mapping, options }) =>
      (await on(instanceId)).startImport(requestOf(files.get(instanceId, fileId), mapping, options)),
    'directory.import.status': async ({ instanceId, jobId }) => (await on(instanceId)).importStatus(jobId),
    'directory.import.cancel': async ({ instanceId, jobId }) => (await on(instanceId)).cancelImport(jobId),
    'directory.import.refusedRows': ({ instanceId, fileId, refusals }) => {
      const file = files.get(instanceId, fileId);
      const reasons = new Map(refusals.map((refusal) => [refusal.line, refusal.reason]));
      const rows = file.records
        .filter((record) => reasons.has(record.line))
        .map((record) => [...record.cells, reasons.get(record.line) ?? '']);
      const csv = stringify([[...file.headers, 'Error'], ...rows], {
        bom: true,
        record_delimiter: 'windows',
      });
      return { fileName: refusedName(file.fileName), csv };
    },
  };
}
