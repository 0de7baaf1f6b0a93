import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import type { Theme } from '@mui/material/styles';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { UserSummary } from '../../../../shared/domain/directory';
import { ROLE_LABELS } from '../../../../shared/domain/roles';
import { fullTime, shortTimeFromNow } from '../timeText';
import type { OptionalColumn } from '../userColumnsStore';
import { UserListHeader } from './sorting/UserListHeader';
import type { UserSort } from './sorting/userSort';
import type { PagedUsers } from './usePagedUsers';

const ROW_HEIGHT = 40;
const DATE_COLUMN = '84px';

/** The grid's columns: the fixed ones, with the optional ones the admin shows before the status. */
const gridColumns = (shown: readonly OptionalColumn[]) =>
  ['minmax(0, 1.3fr) minmax(0, 1fr) minmax(0, 1.4fr) 96px', ...shown.map(() => DATE_COLUMN), '76px'].join(
    ' ',
  );

/** A date cell's text: short, with the full date and time on hover. */
function DateCell({ iso, empty }: { iso: string | null; empty: string }) {
  return iso === null ? (
    <span className="cell faint">{empty}</span>
  ) : (
    <time className="cell" dateTime={iso} title={fullTime(iso)}>
      {shortTimeFromNow(iso)}
    </time>
  );
}

interface Props {
  paged: PagedUsers;
  selectedIds: ReadonlySet<number>;
  activeIndex: number;
  onActivate: (index: number, user: UserSummary, mode: 'single' | 'toggle' | 'range') => void;
  label: string;
  /** The optional columns shown; none by default (a group's members, say). */
  columns?: readonly OptionalColumn[];
  /** The order, when the headers may change it (the users list; not a group's members). */
  sort?: UserSort;
  onSort?: (sort: UserSort) => void;
  /** When this changes the list shows a new set or order of rows: it scrolls back to the top. */
  scrollKey?: string;
}

const NO_COLUMNS: readonly OptionalColumn[] = [];

/** A virtualized, multi-select listbox: only the rows on screen exist in the page. */
export function UserList({
  paged,
  selectedIds,
  activeIndex,
  onActivate,
  label,
  columns = NO_COLUMNS,
  sort,
  onSort,
  scrollKey,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: paged.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (paged.total > 0) paged.ensureRange(first, last);
  }, [paged, first, last]);

  useEffect(() => {
    // Scrolling measures the list, a layout forced on every keystroke, and there is nowhere to go
    // when the list is at the top already.
    if (virtualizer.scrollOffset) virtualizer.scrollToOffset(0);
  }, [scrollKey, virtualizer]);

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  // A key can reach a row whose page is still on its way; it is activated when the page arrives.
  const [pending, setPending] = useState<{ index: number; mode: 'single' | 'toggle' | 'range' }>();
  const activate = (index: number, mode: 'single' | 'toggle' | 'range') => {
    const user = paged.rowAt(index);
    if (user) {
      setPending(undefined);
      onActivate(index, user, mode);
    } else {
      setPending({ index, mode });
    }
  };

  useEffect(() => {
    const user = pending && paged.rowAt(pending.index);
    if (pending && user) {
      setPending(undefined);
      onActivate(pending.index, user, pending.mode);
    }
  }, [paged, pending, onActivate]);

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: paged.total - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      const index = Math.min(paged.total - 1, Math.max(0, target));
      paged.ensureRange(index, index);
      activate(index, event.shiftKey ? 'range' : 'single');
    } else if (event.key === ' ' && activeIndex >= 0) {
      event.preventDefault();
      activate(activeIndex, 'toggle');
    }
  };

  // Stable across renders, so rows whose user did not change skip re-rendering while the admin types.
  const latestActivate = useRef(activate);
  useEffect(() => {
    latestActivate.current = activate;
  });
  const onRowClick = useCallback((index: number, event: MouseEvent) => {
    latestActivate.current(
      index,
      event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'single',
    );
  }, []);

  const optionId = (index: number) => `user-option-${index}`;

  return (
    // The rows take the grid from this variable, so that their one static style serves every choice of columns.
    <Box sx={{ display: 'contents' }} style={{ '--user-columns': gridColumns(columns) } as CSSProperties}>
      <UserListHeader columns={columns} sort={sort} onSort={onSort} />
      <Box
        ref={scroller}
        role="listbox"
        aria-label={label}
        aria-multiselectable
        aria-activedescendant={activeIndex >= 0 && activeIndex <= last ? optionId(activeIndex) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        sx={LISTBOX_SX}
      >
        {/* Inline, not sx: each total would otherwise mint a CSS class, and a style recalculation. */}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
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
          })}
        </div>
      </Box>
    </Box>
  );
}

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

/** The rows' look, given once to the list rather than to each row, which is then a plain element. */
const ROW_SX = {
  position: 'absolute',
  top: 0,
  left: 0,
  right: 0,
  height: ROW_HEIGHT,
  display: 'grid',
  gridTemplateColumns: 'var(--user-columns)',
  alignItems: 'center',
  gap: 1,
  px: 1.5,
  cursor: 'default',
  borderBottom: 1,
  borderColor: 'divider',
  typography: 'body2',
  outlineColor: 'primary.main',
  outlineOffset: -1,
  '& > .cell': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  '& > .username': { fontWeight: 600 },
  '& > .email': { color: 'text.secondary' },
  '& > .loading': { color: 'text.disabled' },
  '& > .faint': { color: 'text.disabled' },
  '& > .status': { display: 'flex', gap: 0.5, overflow: 'hidden' },
  '&[aria-selected="true"]': { bgcolor: 'action.selected' },
  '&[aria-selected="false"]:hover': { bgcolor: 'action.hover' },
  '&.active': { outline: 1 },
} as const;

const LISTBOX_SX = {
  flex: 1,
  minHeight: 0,
  overflow: 'auto',
  outline: 'none',
  borderTop: 1,
  borderColor: 'divider',
  '&:focus-visible': { boxShadow: (theme: Theme) => `inset 0 0 0 2px ${theme.palette.primary.main}` },
  '& [role="option"]': ROW_SX,
} as const;

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
      aria-label={
        user
          ? `${user.username}, ${user.displayName}, ${user.email}${user.invited ? ', invited' : ''}${user.enabled ? '' : ', disabled'}, ${ROLE_LABELS[user.role]}`
          : 'Loading'
      }
      className={active ? 'active' : undefined}
      onClick={(event) => onClick(index, event)}
      style={{ transform: `translateY(${top}px)` }}
    >
      {user ? (
        <>
          <span className="cell username">{user.username}</span>
          <span className="cell">{user.displayName}</span>
          <span className="cell email">{user.email}</span>
          <span className="cell">{ROLE_LABELS[user.role]}</span>
          {columns.map((column) =>
            column === 'lastSignIn' ? (
              <DateCell key={column} iso={user.lastSignInAt} empty="Never" />
            ) : (
              <DateCell key={column} iso={user.createdAt} empty="" />
            ),
          )}
          <span className="status">
            {user.invited ? INVITED_CHIP : null}
            {user.enabled ? null : DISABLED_CHIP}
          </span>
        </>
      ) : (
        <span className="cell loading">Loading…</span>
      )}
    </div>
  );
});
