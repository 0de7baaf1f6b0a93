import {
  importFields,
  type ColumnMapping,
  type ImportField,
  type ImportRow,
} from '../../../shared/domain/userImport';
import { USERS_CSV_HEADERS, unguardFormula } from '../../../shared/domain/usersCsv';
import type { CsvRecord } from './csvFile';

/**
 * Headers recognised for each field, written lower case without spaces, "_" or "-": Roster's own
 * export, and what directories and spreadsheets commonly call these columns.
 */
const HEADER_NAMES: Readonly<Record<ImportField, readonly string[]>> = {
  username: ['username', 'user', 'login', 'loginname', 'account', 'accountname', 'samaccountname', 'uid'],
  displayName: ['displayname', 'name', 'fullname'],
  email: ['email', 'emailaddress', 'mail'],
  role: ['role'],
  groups: ['groups', 'group', 'memberof'],
  enabled: ['enabled', 'status', 'active'],
};

const normalised = (header: string) => header.toLowerCase().replaceAll(/[\s_-]+/g, '');

/** The column each field is recognised in, by its header; the first such column wins. */
export function suggestMapping(headers: readonly string[]): Partial<ColumnMapping> {
  const mapping: Partial<ColumnMapping> = {};
  const names = headers.map(normalised);
  for (const field of importFields) {
    const wanted = [normalised(USERS_CSV_HEADERS[field]), ...HEADER_NAMES[field]];
    const index = names.findIndex((name) => wanted.includes(name));
    if (index >= 0 && !Object.values(mapping).includes(index)) mapping[field] = index;
  }
  return mapping;
}

/**
 * The records as rows for the directory: each mapped field takes its column's cell, read back
 * from an export's formula guard. A record too short for a column has an empty cell there.
 */
export function rowsOf(records: readonly CsvRecord[], mapping: ColumnMapping): ImportRow[] {
  const cell = (record: CsvRecord, column: number | undefined) =>
    column === undefined ? undefined : unguardFormula(record.cells[column] ?? '');
  return records.map((record) => {
    const row: ImportRow = { line: record.line, username: cell(record, mapping.username) ?? '' };
    for (const field of importFields) {
      if (field === 'username') continue;
      const value = cell(record, mapping[field]);
      if (value !== undefined) row[field] = value;
    }
    return row;
  });
}
