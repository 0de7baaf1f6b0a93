import { stringify } from 'csv-stringify/sync';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  AUDIT_PAGE_MAX,
  type AuditEntry,
  type AuditExportRequest,
  type AuditPage,
  type AuditPageRequest,
} from '../../../../shared/domain/audit';
import { guardFormula } from '../../../../shared/domain/usersCsv';

/** The CSV's columns, in order, under these headers. */
export const AUDIT_CSV_HEADERS = [
  'Id',
  'Time',
  'Actor',
  'Source',
  'Action',
  'Target type',
  'Target id',
  'Target name',
  'Detail',
  'Before',
  'After',
  'Hash',
] as const;

const json = (fields: AuditEntry['before']) => (fields === null ? '' : JSON.stringify(fields));

const cellsOf = (entry: AuditEntry): string[] =>
  [
    String(entry.id),
    entry.at,
    entry.actor,
    entry.source ?? '',
    entry.action,
    entry.targetType,
    entry.targetId === null ? '' : String(entry.targetId),
    entry.targetName ?? '',
    entry.detail ?? '',
    json(entry.before),
    json(entry.after),
    entry.hash,
  ].map(guardFormula);

/** As the users CSV: RFC 4180 with Windows line ends and a byte order mark, which Excel expects. */
const CSV = { record_delimiter: 'windows' } as const;

const writers = {
  csv: {
    header: () => stringify([[...AUDIT_CSV_HEADERS]], { ...CSV, bom: true }),
    rows: (entries: readonly AuditEntry[]) => stringify(entries.map(cellsOf), CSV),
  },
  jsonl: {
    header: () => '',
    rows: (entries: readonly AuditEntry[]) => entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''),
  },
};

/**
 * Every entry the filters match, newest first, as CSV or JSON Lines, a page at a time as the
 * consumer pulls: the pages are keyset pages, so memory stays flat and entries written during the
 * export (newer than its first page) are left out rather than shifting it. Either storage's
 * directory gives its own `auditPage`.
 */
export async function* exportAuditLog(
  auditPage: (request: AuditPageRequest) => AuditPage | Promise<AuditPage>,
  request: AuditExportRequest,
): AsyncGenerator<string> {
  const writer = writers[request.format];
  const header = writer.header();
  if (header !== '') yield header;
  let before: number | undefined;
  do {
    const page = await auditPage({
      filters: request.filters,
      limit: AUDIT_PAGE_MAX,
      ...(before ? { before } : {}),
    });
    if (page.entries.length > 0) yield writer.rows(page.entries);
    before = page.next ?? undefined;
    // Between two pages the process's other work gets its turn.
    await nextTurn();
  } while (before !== undefined);
}
