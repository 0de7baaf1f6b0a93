import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import { Fragment, memo, useEffect, type CSSProperties, type MouseEvent, type ReactNode } from 'react';
import type { UserSummary } from '../../../../shared/domain/directory';
import { useVirtualListNavigation, type ActivateMode } from '../../common/useVirtualListNavigation';
import { VirtualListbox, virtualListboxSx, virtualRowSx } from '../../common/VirtualListbox';
import { ROLE_LABELS } from '../../../../shared/domain/roles';
import { fullTime, shortTimeFromNow } from '../timeText';
import type { OptionalColumn } from '../userColumnsStore';
import { UserListHeader } from './sorting/UserListHeader';
import type { UserSort } from './sorting/userSort';
import type { PagedRows } from '../../common/usePagedRows';

const ROW_HEIGHT = 40;
const DATE_COLUMN = '84px';

/** The grid's columns: the fixed ones, with the optional ones the admin shows before the status. */
const gridColumns = (shown: readonly OptionalColumn[]) =>
  ['minmax(0, 1.3fr) minmax(0, 1fr) minmax(0, 1.4fr) 96px', ...shown.map(() => DATE_COLUMN), '76px'].join(
    ' ',
  );

/** A date cell's text: short, with the full date and time on hover. */
/** An optional column's moment, and the word shown when there is none. */
const dateOf = (user: UserSummary, column: OptionalColumn) =>
  column === 'lastSignIn' ? { iso: user.lastSignInAt, empty: 'Never' } : { iso: user.createdAt, empty: '' };

function DateCell({ iso, empty }: { iso: string | null; empty: string }) {
  return iso === null ? (
    <span className="cell faint">{empty}</span>
  ) : (
    <time className="cell" dateTime={iso} title={fullTime(iso)}>
      {shortTimeFromNow(iso)}
    </time>
  );
}

/**
 * A row's accessible name: the words it shows, in the order it shows them, so that a voice command
 * naming what is on screen finds it.
 */
function userRowName(user: UserSummary, columns: readonly OptionalColumn[]): string {
  const dates = columns.map((column) => {
    const { iso, empty } = dateOf(user, column);
    return iso === null ? empty : shortTimeFromNow(iso);
  });
  return [
    user.username,
    user.displayName,
    user.email,
    ROLE_LABELS[user.role],
    ...dates,
    user.invited ? 'invited' : '',
    user.enabled ? '' : 'disabled',
  ]
    .filter((part) => part !== '')
    .join(', ');
}

interface Props {
  paged: PagedRows<UserSummary>;
  selectedIds: ReadonlySet<number>;
  activeIndex: number;
  onActivate: (index: number, user: UserSummary, mode: ActivateMode) => void;
  label: string;
  /** The optional columns shown; none by default (a group's members, say). */
  columns?: readonly OptionalColumn[];
  /** The order, when the headers may change it (the users list; not a group's members). */
  sort?: UserSort;
  onSort?: (sort: UserSort) => void;
  /** A row's own buttons, shown on hover and focus (see VirtualListbox). */
  rowActions?: (user: UserSummary) => ReactNode;
}

const NO_COLUMNS: readonly OptionalColumn[] = [];

/**
 * A virtualized, multi-select listbox: only the rows on screen exist in the page. Memoised: with
 * stable props it is drawn again when its rows change, not on every keystroke in the filter.
 */
export const UserList = memo(function UserList({
  paged,
  selectedIds,
  activeIndex,
  onActivate,
  label,
  columns = NO_COLUMNS,
  sort,
  onSort,
  rowActions,
}: Props) {
  const navigation = useVirtualListNavigation({
    rows: paged,
    rowHeight: ROW_HEIGHT,
    activeIndex,
    onActivate,
  });
  const { virtualizer, onRowClick } = navigation;

  // Another set or order of rows has arrived: back to the top. Scrolling measures the list, a forced
  // layout, and there is nowhere to go when the list is at the top already.
  const { listed } = paged;
  useEffect(() => {
    if (virtualizer.scrollOffset) virtualizer.scrollToOffset(0);
  }, [listed, virtualizer]);

  return (
    // The rows take the grid from this variable, so that their one static style serves every choice of columns.
    <Box sx={{ display: 'contents' }} style={{ '--user-columns': gridColumns(columns) } as CSSProperties}>
      <UserListHeader columns={columns} sort={sort} onSort={onSort} />
      <VirtualListbox
        navigation={navigation}
        label={label}
        multiselectable
        activeIndex={activeIndex}
        optionId={optionId}
        sx={LISTBOX_SX}
        rowActions={
          rowActions &&
          ((index) => {
            const user = paged.rowAt(index);
            return user ? rowActions(user) : null;
          })
        }
        renderItem={(item) => {
          const user = paged.rowAt(item.index);
          return (
            <UserRow
              key={item.key}
              id={optionId(item.index)}
              index={item.index}
              top={item.start}
              user={user}
              selected={user !== undefined && selectedIds.has(user.id)}
              active={item.index === activeIndex}
              columns={columns}
              onClick={onRowClick}
            />
          );
        }}
      />
    </Box>
  );
});

const optionId = (index: number) => `user-option-${index}`;

interface RowProps {
  id: string;
  index: number;
  top: number;
  user: UserSummary | undefined;
  selected: boolean;
  active: boolean;
  columns: readonly OptionalColumn[];
  onClick: (index: number, event: MouseEvent) => void;
}

const LISTBOX_SX = virtualListboxSx({
  ...virtualRowSx(ROW_HEIGHT),
  display: 'grid',
  gridTemplateColumns: 'var(--user-columns)',
  '& > .username': { fontWeight: 600 },
  '& > .email': { color: 'text.secondary' },
  // Secondary, not disabled: text.disabled falls short of WCAG AA's contrast.
  '& > .loading': { color: 'text.secondary' },
  '& > .faint': { color: 'text.secondary' },
  '& > .status': { display: 'flex', gap: 0.5, overflow: 'hidden' },
  '&.active': { outline: 1 },
});

// The same elements every time, so that a row drawn again for another user leaves its chips be.
const INVITED_CHIP = <Chip label="Invited" size="small" color="info" variant="outlined" />;
const DISABLED_CHIP = <Chip label="Disabled" size="small" variant="outlined" />;

/** One row; memoised, and a plain element styled by the list, so that drawing it costs little. */
const UserRow = memo(function UserRow({
  id,
  index,
  top,
  user,
  selected,
  active,
  columns,
  onClick,
}: RowProps) {
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={user ? userRowName(user, columns) : 'Loading'}
      className={active ? 'active' : undefined}
      onClick={(event) => onClick(index, event)}
      style={{ transform: `translateY(${top}px)` }}
    >
      {user ? (
        <>
          {/* The spaces between cells keep the words apart in the text the row is read as. */}
          <span className="cell username">{user.username}</span>{' '}
          <span className="cell">{user.displayName}</span> <span className="cell email">{user.email}</span>{' '}
          <span className="cell">{ROLE_LABELS[user.role]}</span>{' '}
          {columns.map((column) => (
            <Fragment key={column}>
              <DateCell {...dateOf(user, column)} />{' '}
            </Fragment>
          ))}
          <span className="status">
            {user.invited ? INVITED_CHIP : null}
            {user.invited && !user.enabled ? ' ' : null}
            {user.enabled ? null : DISABLED_CHIP}
          </span>
        </>
      ) : (
        <span className="cell loading">Loading…</span>
      )}
    </div>
  );
});
