import { memo, useCallback, type MouseEvent, type ReactNode } from 'react';
import type { AuditEntry } from '../../../shared/domain/audit';
import { useVirtualListNavigation } from '../common/useVirtualListNavigation';
import { VirtualListbox, virtualListboxSx, virtualRowSx } from '../common/VirtualListbox';
import { fullTime, shortTimeFromNow } from '../usersAndGroups/timeText';
import { ACTION_LABELS, targetText } from './auditText';
import type { AuditPages } from './useAuditPages';

export const AUDIT_ROW_HEIGHT = 36;

interface Props {
  pages: AuditPages;
  selectedId: number | undefined;
  onSelect: (entry: AuditEntry) => void;
  /** The listbox's accessible name. */
  label: string;
  /** Makes the options' ids unique in the page. */
  idPrefix: string;
  /** Shown instead of the rows when nothing matches. */
  empty: ReactNode;
}

/** The log's entries, newest first, in a virtualized single-select listbox that reads on as it scrolls. */
export function AuditList({ pages, selectedId, onSelect, label, idPrefix, empty }: Props) {
  const { entries, rows } = pages;
  const activeIndex = selectedId === undefined ? -1 : entries.findIndex((entry) => entry.id === selectedId);
  const onActivate = useCallback((_index: number, entry: AuditEntry) => onSelect(entry), [onSelect]);
  const navigation = useVirtualListNavigation({
    rows,
    rowHeight: AUDIT_ROW_HEIGHT,
    activeIndex,
    onActivate,
  });
  const optionId = (index: number) => `${idPrefix}-option-${index}`;

  return (
    <VirtualListbox
      navigation={navigation}
      label={label}
      activeIndex={activeIndex}
      optionId={optionId}
      sx={LISTBOX_SX}
      empty={rows.total === 0 && !pages.loading && !pages.error ? empty : null}
      renderItem={(item) => {
        const entry = rows.rowAt(item.index);
        return (
          <AuditRow
            key={item.key}
            id={optionId(item.index)}
            index={item.index}
            top={item.start}
            entry={entry}
            selected={entry !== undefined && entry.id === selectedId}
            onClick={navigation.onRowClick}
          />
        );
      }}
    />
  );
}

interface RowProps {
  id: string;
  index: number;
  top: number;
  entry: AuditEntry | undefined;
  selected: boolean;
  onClick: (index: number, event: MouseEvent) => void;
}

/** One entry: when, who, what, to whom. Memoised: rows that did not change skip drawing as more arrive. */
const AuditRow = memo(function AuditRow({ id, index, top, entry, selected, onClick }: RowProps) {
  const when = entry ? shortTimeFromNow(entry.at) : '';
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      // What the row shows, in its order (a voice command names what it sees), then the exact time.
      aria-label={
        entry
          ? `${when}, ${entry.actor}, ${ACTION_LABELS[entry.action]}, ${targetText(entry)} (${fullTime(entry.at)})`
          : 'Loading older entries'
      }
      className={selected ? 'active' : undefined}
      onClick={(event) => onClick(index, event)}
      style={{ transform: `translateY(${top}px)` }}
    >
      {entry ? (
        <>
          <time className="cell faint" dateTime={entry.at} title={fullTime(entry.at)}>
            {when}
          </time>{' '}
          <span className="cell" title={entry.actor}>
            {entry.actor}
          </span>{' '}
          <span className="cell action">{ACTION_LABELS[entry.action]}</span>{' '}
          <span className="cell target" title={targetText(entry)}>
            {targetText(entry)}
          </span>
        </>
      ) : (
        <span className="cell faint">Loading older entries…</span>
      )}
    </div>
  );
});

const LISTBOX_SX = {
  ...virtualListboxSx({
    ...virtualRowSx(AUDIT_ROW_HEIGHT),
    display: 'grid',
    gridTemplateColumns: '92px minmax(0, 1fr) minmax(0, 1.1fr) minmax(0, 1fr)',
    '& > .faint': { color: 'text.secondary' },
    '& > .action': { fontWeight: 600 },
  }),
  // One row is selected, and it is the keyboard's: outlined only while the list has the focus.
  '&:focus-visible [role="option"].active': { outline: 1 },
};
