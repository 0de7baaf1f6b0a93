import type { ReactNode } from 'react';
import { useVirtualListNavigation } from '../../common/useVirtualListNavigation';
import { VirtualListbox, virtualListboxSx, virtualRowSx } from '../../common/VirtualListbox';
import type { ListSelection } from './useListSelection';
import type { PagedRows } from '../../common/usePagedRows';

interface Props<T> {
  paged: PagedRows<T>;
  selection: ListSelection<T>;
  /** The listbox's accessible name. */
  label: string;
  /** Makes the options' ids unique in the page. */
  idPrefix: string;
  rowHeight: number;
  /** What a row shows; its text is also the option's accessible name. */
  renderRow: (row: T) => ReactNode;
  /** Shown instead of the rows when the list is empty. */
  empty?: ReactNode;
  /** A row's own buttons, shown on hover and focus (see VirtualListbox). */
  rowActions?: (row: T) => ReactNode;
}

/** A virtualized, multi-select listbox of rows of any kind, Ctrl/Cmd+A selecting them all. */
export function SelectionListbox<T extends { id: number }>({
  paged,
  selection,
  label,
  idPrefix,
  rowHeight,
  renderRow,
  empty,
  rowActions,
}: Props<T>) {
  const { activeIndex, activate } = selection;
  const navigation = useVirtualListNavigation({
    rows: paged,
    rowHeight,
    activeIndex,
    onActivate: activate,
    onSelectAll: () => void selection.selectAll(),
  });

  const optionId = (index: number) => `${idPrefix}-option-${index}`;

  return (
    <VirtualListbox
      navigation={navigation}
      label={label}
      multiselectable
      activeIndex={activeIndex}
      optionId={optionId}
      sx={LISTBOX_SX}
      empty={paged.total === 0 && !paged.loading ? empty : null}
      rowActions={
        rowActions &&
        ((index) => {
          const row = paged.rowAt(index);
          return row ? rowActions(row) : null;
        })
      }
      renderItem={(item) => {
        const row = paged.rowAt(item.index);
        return (
          <div
            key={item.key}
            id={optionId(item.index)}
            role="option"
            aria-selected={row !== undefined && selection.selected.has(row.id)}
            className={item.index === activeIndex ? 'active' : undefined}
            onClick={(event) => navigation.onRowClick(item.index, event)}
            // Inline: every scroll position and height would otherwise mint a new CSS class.
            style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
          >
            {row ? renderRow(row) : <span className="loading">Loading…</span>}
          </div>
        );
      }}
    />
  );
}

const LISTBOX_SX = virtualListboxSx({
  ...virtualRowSx(),
  display: 'flex',
  '& .loading': { color: 'text.secondary' },
  '&.active': { outline: 1 },
});
