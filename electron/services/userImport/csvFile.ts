import { CsvError, parse } from 'csv-parse/sync';
import { RosterError } from '../../../shared/contract/errors';
import { IMPORT_COLUMNS_MAX, IMPORT_ROWS_MAX } from '../../../shared/domain/userImport';

export interface CsvRecord {
  /** The line of the file the record starts on (the header is line 1), as an editor numbers it. */
  line: number;
  cells: string[];
}

export interface CsvFile {
  headers: string[];
  records: CsvRecord[];
}

/** What a spreadsheet writes between cells: a comma, or a semicolon where the comma is a decimal mark. */
const DELIMITERS = [',', ';', '\t'] as const;

const refused = (message: string) => new RosterError('INVALID_INPUT', `The file ${message}`, 'text');

/** The delimiter the header line uses most, outside quotes; a comma when it uses none. */
function delimiterOf(text: string): string {
  const end = text.indexOf('\n');
  const header = (end < 0 ? text : text.slice(0, end)).replaceAll(/"[^"]*"/g, '');
  let best: string = ',';
  let most = 0;
  for (const delimiter of DELIMITERS) {
    const count = header.split(delimiter).length - 1;
    if (count > most) [best, most] = [delimiter, count];
  }
  return best;
}

/**
 * A CSV file's header and records, by RFC 4180 (quoted cells may hold delimiters, quotes and line
 * breaks), from a spreadsheet's UTF-8 export: a BOM is dropped, CRLF read as a line break, blank
 * lines skipped, and records may be shorter or longer than the header.
 */
export function readCsv(raw: string): CsvFile {
  if (raw.includes('\uFFFD'))
    throw refused('is not UTF-8 text: save it from the spreadsheet as "CSV UTF-8" and choose it again.');
  const text = raw.replaceAll(/\r\n?/g, '\n');
  // Where each record starts: one line after the previous record ended, past the blank lines skipped.
  const starts: number[] = [];
  let ended = 0;
  let blank = 0;
  let parsed: string[][];
  try {
    parsed = parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      skip_empty_lines: true,
      relax_column_count: true,
      to: IMPORT_ROWS_MAX + 2,
      on_record: (record: string[], context) => {
        starts.push(ended + 1 + context.empty_lines - blank);
        ended = context.lines;
        blank = context.empty_lines;
        return record;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) throw refused(`is not valid CSV: ${error.message}.`);
    throw error;
  }
  const [header, ...rows] = parsed;
  if (!header) throw refused('is empty.');
  if (rows.length > IMPORT_ROWS_MAX)
    throw refused(
      `has more than ${IMPORT_ROWS_MAX.toLocaleString('en')} rows: split it and import each part.`,
    );
  if (header.length > IMPORT_COLUMNS_MAX)
    throw refused(`has more than ${IMPORT_COLUMNS_MAX} columns: it does not look like a list of users.`);
  const records = rows.map((cells, index) => ({ line: starts[index + 1] ?? 0, cells }));
  return { headers: header.map((cell) => cell.trim()), records };
}
