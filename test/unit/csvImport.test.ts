import { describe, expect, it } from 'vitest';
import { RosterError } from '../../shared/contract/errors';
import { IMPORT_ROWS_MAX } from '../../shared/domain/userImport';
import { guardFormula, unguardFormula } from '../../shared/domain/usersCsv';
import { rowsOf, suggestMapping } from '../../electron/services/userImport/columnMapping';
import { readCsv } from '../../electron/services/userImport/csvFile';

/** Reading a spreadsheet's CSV export for import, and mapping its columns to a user's fields. */

const refusal = (text: string): string => {
  try {
    readCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(RosterError);
    return (error as RosterError).message;
  }
  throw new Error('the file was read');
};

describe('readCsv', () => {
  it('drops the BOM, reads CRLF, quoted delimiters, quotes and line breaks, and numbers each record by its first line', () => {
    const file = readCsv(
      '\uFEFFUsername,Display name\r\nada,"Lovelace, Ada"\r\n\r\nbob,"Bob ""the"" Builder"\r\ncy,"two\r\nlines"\r\ndee,Dee',
    );
    expect(file.headers).toEqual(['Username', 'Display name']);
    expect(file.records).toEqual([
      { line: 2, cells: ['ada', 'Lovelace, Ada'] },
      { line: 4, cells: ['bob', 'Bob "the" Builder'] },
      { line: 5, cells: ['cy', 'two\nlines'] },
      { line: 7, cells: ['dee', 'Dee'] },
    ]);
  });

  it('takes the delimiter the header uses: semicolons and tabs as well as commas', () => {
    expect(readCsv('Username;Email\nada;a@example.com, b').records[0]?.cells).toEqual([
      'ada',
      'a@example.com, b',
    ]);
    expect(readCsv('Username\tEmail\nada\ta@example.com').records[0]?.cells).toEqual([
      'ada',
      'a@example.com',
    ]);
    // A comma inside a quoted header does not make it comma-separated.
    expect(readCsv('"Name, full";Username\nAda;ada').headers).toEqual(['Name, full', 'Username']);
  });

  it('reads records shorter or longer than the header', () => {
    expect(readCsv('a,b,c\n1\n1,2,3,4').records.map((record) => record.cells)).toEqual([
      ['1'],
      ['1', '2', '3', '4'],
    ]);
  });

  it('refuses, saying why, a file that is empty, not UTF-8, not CSV, or too long', () => {
    expect(refusal('')).toBe('The file is empty.');
    expect(refusal('Username\nzo\uFFFD')).toMatch(/^The file is not UTF-8 text: save it .* as "CSV UTF-8"/);
    expect(refusal('Username,Email\n"ada,ada@example.com\n')).toMatch(
      /^The file is not valid CSV: Quote Not Closed/,
    );
    const rows = Array.from({ length: IMPORT_ROWS_MAX + 1 }, (_, index) => `u${index}`);
    expect(refusal(['Username', ...rows].join('\n'))).toBe(
      'The file has more than 10,000 rows: split it and import each part.',
    );
    expect(readCsv(['Username', ...rows.slice(1)].join('\n')).records).toHaveLength(IMPORT_ROWS_MAX);
  });
});

describe('the column mapping', () => {
  it("recognises Roster's own export and the usual names, ignoring case, spaces, _ and -", () => {
    expect(
      suggestMapping(['Username', 'Display name', 'Email', 'Role', 'Status', 'Groups', 'Created']),
    ).toEqual({
      username: 0,
      displayName: 1,
      email: 2,
      role: 3,
      enabled: 4,
      groups: 5,
    });
    expect(suggestMapping(['E-Mail', 'LOGIN', 'full_name', 'Member of', 'Notes'])).toEqual({
      email: 0,
      username: 1,
      displayName: 2,
      groups: 3,
    });
    expect(suggestMapping(['Notes', 'Phone'])).toEqual({});
  });

  it('picks each mapped cell, reads back the formula guard, and leaves unmapped fields out', () => {
    const file = readCsv(`Username,Name,Email\nada,"${guardFormula('=cmd')}",a@example.com\nbob`);
    expect(rowsOf(file.records, { username: 0, displayName: 1 })).toEqual([
      { line: 2, username: 'ada', displayName: '=cmd' },
      { line: 3, username: 'bob', displayName: '' },
    ]);
  });

  it('guards a cell a spreadsheet would run as a formula, and only such a cell', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(unguardFormula(guardFormula(cell))).toBe(cell);
    expect(guardFormula('=1+1')).toBe("'=1+1");
    expect(guardFormula("it's")).toBe("it's");
    expect(unguardFormula("'quoted")).toBe("'quoted");
  });
});
