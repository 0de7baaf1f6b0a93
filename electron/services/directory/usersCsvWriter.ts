import { stringify } from 'csv-stringify/sync';
import type { UserSummary } from '../../../shared/domain/directory';
import { ROLE_LABELS } from '../../../shared/domain/roles';
import { exportStatus, type ExportColumn } from '../../../shared/domain/userExport';
import { groupsCell, guardFormula, USERS_CSV_HEADERS } from '../../../shared/domain/usersCsv';

/** A user as an export writes them: what the list shows, and the names of their groups. */
export interface ExportedUser extends UserSummary {
  groups: readonly string[];
}

const CELLS: Readonly<Record<ExportColumn, (user: ExportedUser) => string>> = {
  username: (user) => user.username,
  displayName: (user) => user.displayName,
  email: (user) => user.email,
  role: (user) => ROLE_LABELS[user.role],
  status: exportStatus,
  groups: (user) => groupsCell(user.groups),
  // Stored as ISO 8601 in UTC; never signed in is an empty cell.
  lastSignIn: (user) => user.lastSignInAt ?? '',
  created: (user) => user.createdAt,
};

/** RFC 4180 with Windows line ends, which Excel expects; csv-stringify quotes what needs it. */
const CSV = { record_delimiter: 'windows' } as const;

/**
 * The text of a users CSV, in pieces: the header row first (after a UTF-8 byte order mark, without
 * which Excel reads UTF-8 as its local code page), then rows a chunk at a time. Every cell goes
 * through the formula guard.
 */
export function usersCsvWriter(columns: readonly ExportColumn[]) {
  return {
    header: (): string =>
      stringify([columns.map((column) => USERS_CSV_HEADERS[column])], { ...CSV, bom: true }),
    rows: (users: readonly ExportedUser[]): string =>
      stringify(
        users.map((user) => columns.map((column) => guardFormula(CELLS[column](user)))),
        CSV,
      ),
  };
}
