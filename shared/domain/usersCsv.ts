/**
 * How users look as CSV, for export and import alike: an exported file imports again with its
 * columns recognised, and with nothing changed.
 */

/** The columns a file may hold, under the headers an export writes. */
export const USERS_CSV_HEADERS = {
  username: 'Username',
  displayName: 'Display name',
  email: 'Email',
  role: 'Role',
  status: 'Status',
  enabled: 'Enabled',
  groups: 'Groups',
  lastSignIn: 'Last sign-in',
  created: 'Created',
} as const;
export type UsersCsvColumn = keyof typeof USERS_CSV_HEADERS;

/**
 * Between a user's group names in one cell. A group whose name holds it cannot be named in a file:
 * import refuses such a row rather than guess.
 */
export const GROUPS_SEPARATOR = ';';

/** The groups a cell names: split, trimmed, empty names dropped, each once. */
export const groupsOfCell = (cell: string): string[] => [
  ...new Set(
    cell
      .split(GROUPS_SEPARATOR)
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  ),
];

export const groupsCell = (names: readonly string[]): string => names.join(`${GROUPS_SEPARATOR} `);

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): a display
 * name set through self-service to "=HYPERLINK(…)" would run on the admin's machine. Such a cell
 * is written with a leading apostrophe, which spreadsheets hide and treat as "this is text".
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const guardFormula = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);

/** What guardFormula wrote, read back: the apostrophe goes only where guardFormula would have put it. */
export const unguardFormula = (cell: string): string =>
  cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
