import type { InputOf } from '../../../../../shared/contract';
import { exportColumns, type ExportColumn } from '../../../../../shared/domain/userExport';
import { optionalUserColumns, type OptionalUserColumn } from '../../../../../shared/domain/preferences';
import { listingOf, type UserFilters } from '../filters/userFilters';

type ExportFilters = InputOf<'directory.export.prepare'>['request']['filters'];

/** What the export first offers: the columns the list shows, and each user's groups. */
export const initialColumns = (shown: readonly OptionalUserColumn[]): ExportColumn[] =>
  exportColumns.filter((column) => {
    const optional = optionalUserColumns.find((candidate) => candidate === column);
    return optional === undefined || shown.includes(optional);
  });

/** The choice with one column ticked or unticked, in the file's order whatever the order of ticking. */
export function toggled(chosen: readonly ExportColumn[], column: ExportColumn): ExportColumn[] {
  const next = chosen.includes(column) ? chosen.filter((other) => other !== column) : [...chosen, column];
  return exportColumns.filter((candidate) => next.includes(candidate));
}

/** The list's text and chips, as the export request carries them. */
export const exportFiltersOf = (query: string, filters: UserFilters): ExportFilters => ({
  query,
  ...listingOf(filters),
});
