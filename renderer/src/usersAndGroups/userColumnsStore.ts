import {
  inColumnOrder,
  optionalUserColumns,
  type OptionalUserColumn,
} from '../../../shared/domain/preferences';
import { useApp } from '../store/appStore';

/** The users list's columns that the admin may hide; the others always show. */
export const optionalColumns = optionalUserColumns;
export type OptionalColumn = OptionalUserColumn;

export const COLUMN_LABELS: Readonly<Record<OptionalColumn, string>> = {
  lastSignIn: 'Last sign-in',
  created: 'Created',
};

/**
 * The optional columns the users list shows, in the list's order, for every instance's dialog. A
 * preference kept by the main side, so the choice outlives a restart.
 */
export const useShownColumns = (): readonly OptionalColumn[] =>
  useApp((state) => state.preferences.userColumns);

/** Shows a hidden column or hides a shown one. */
export function toggleColumn(column: OptionalColumn): void {
  const shown = useApp.getState().preferences.userColumns;
  const next = shown.includes(column) ? shown.filter((other) => other !== column) : [...shown, column];
  void useApp.getState().setUserColumns(inColumnOrder(next));
}
