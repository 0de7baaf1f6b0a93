import Box from '@mui/material/Box';
import TableSortLabel from '@mui/material/TableSortLabel';
import { memo } from 'react';
import type { OptionalColumn } from '../../userColumnsStore';
import { headerColumns, SORT_LABELS, sortBy, type UserSort } from './userSort';

const HEADER_SX = {
  display: 'grid',
  gridTemplateColumns: 'var(--user-columns)',
  gap: 1,
  px: 1.5,
  py: 0.5,
  borderTop: 1,
  borderColor: 'divider',
  color: 'text.secondary',
  typography: 'caption',
  fontWeight: 600,
  '& > *': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
} as const;

const SORT_LABEL_SX = {
  maxWidth: '100%',
  '& .label': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  '& .MuiTableSortLabel-icon': { fontSize: 16, mx: 0.25 },
  // The columns are narrow: an arrow takes room only where it says something (the sorting column,
  // or the one under the pointer or the keyboard's focus), not hidden beside every title.
  '&:not(.Mui-active):not(:hover):not(.Mui-focusVisible) .MuiTableSortLabel-icon': { display: 'none' },
} as const;

/**
 * The titles above the users list. Given a sort, each title is a column header that sorts the list
 * by its column (again: the other way round) and says which way it is sorted; without one (a
 * group's members), plain titles that assistive technology skips, as the rows name their fields.
 * Memoised: its props stay put while the admin types, so the list's new rows leave it be.
 */
export const UserListHeader = memo(function UserListHeader({
  columns,
  sort,
  onSort,
}: {
  columns: readonly OptionalColumn[];
  sort?: UserSort | undefined;
  onSort?: ((sort: UserSort) => void) | undefined;
}) {
  const keys = headerColumns(columns);
  if (!sort || !onSort)
    return (
      <Box aria-hidden sx={HEADER_SX}>
        {keys.map((key) => (
          <span key={key}>{SORT_LABELS[key]}</span>
        ))}
      </Box>
    );
  // A header row needs a table around it; the rows themselves stay a listbox of options.
  return (
    <Box role="table" aria-label="Sort by column">
      <Box role="row" sx={HEADER_SX}>
        {keys.map((key) => {
          const active = sort.key === key;
          return (
            <Box
              key={key}
              role="columnheader"
              aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
            >
              <TableSortLabel
                active={active}
                direction={active ? sort.direction : 'asc'}
                onClick={() => onSort(sortBy(sort, key))}
                sx={SORT_LABEL_SX}
              >
                <span className="label">{SORT_LABELS[key]}</span>
              </TableSortLabel>
            </Box>
          );
        })}
      </Box>
    </Box>
  );
});
