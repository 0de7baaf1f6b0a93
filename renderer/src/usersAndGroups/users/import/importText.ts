import type { ImportField, ImportOutcome, ImportStatus } from '../../../../../shared/domain/userImport';
import { count } from '../bulk/bulkText';

export const FIELD_LABELS: Readonly<Record<ImportField, string>> = {
  username: 'Username',
  displayName: 'Display name',
  email: 'Email',
  role: 'Role',
  groups: 'Groups',
  enabled: 'Enabled',
};

export const OUTCOME_LABELS: Readonly<Record<ImportOutcome, string>> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  refused: 'Refused',
};

/** "1 row", "2,345 rows". */
export const rowsCount = (value: number): string => `${count(value)} ${value === 1 ? 'row' : 'rows'}`;

/** How the import ended, in one line. */
export function importEnding(status: ImportStatus): string {
  switch (status.state) {
    case 'cancelled':
      return `Cancelled after ${rowsCount(status.processed)} of ${count(status.total)}: those rows are in, the others were not looked at.`;
    case 'failed':
      return `The import stopped after ${rowsCount(status.processed)}: ${status.error ?? 'an unknown failure'}.`;
    default:
      return `All ${rowsCount(status.total)} processed.`;
  }
}

/** "2 created, 1 updated, 0 unchanged, 3 refused". */
export const importCounts = (status: ImportStatus): string =>
  `${count(status.created)} created, ${count(status.updated)} updated, ${count(status.unchanged)} unchanged, ${count(status.refused)} refused`;
