import { create } from 'zustand';

/** The users list's columns that the admin may hide; the others always show. */
export const optionalColumns = ['lastSignIn', 'created'] as const;
export type OptionalColumn = (typeof optionalColumns)[number];

export const COLUMN_LABELS: Readonly<Record<OptionalColumn, string>> = {
  lastSignIn: 'Last sign-in',
  created: 'Created',
};

interface UserColumnsState {
  hidden: readonly OptionalColumn[];
  toggle: (column: OptionalColumn) => void;
}

/**
 * Which optional columns the users list shows, for every instance's dialog until the app closes.
 * Lasting longer would take a preference on the main side, where the theme is kept.
 */
export const useUserColumns = create<UserColumnsState>()((set, get) => ({
  hidden: [],
  toggle(column) {
    const { hidden } = get();
    set({
      hidden: hidden.includes(column) ? hidden.filter((other) => other !== column) : [...hidden, column],
    });
  },
}));

/** The optional columns shown, in their order in the list (a new array each call: select `hidden`). */
export const visibleColumns = (hidden: readonly OptionalColumn[]): OptionalColumn[] =>
  optionalColumns.filter((column) => !hidden.includes(column));
