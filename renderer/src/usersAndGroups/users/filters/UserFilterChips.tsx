import Cancel from '@mui/icons-material/Cancel';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import { memo } from 'react';
import { activeFilters, type UserFilters } from './userFilters';

/**
 * The filters in force, each a chip whose × removes it (as do Delete and Backspace on the focused
 * chip). Nothing is drawn while no filter is on, so the list keeps its room.
 * Memoised: the chips stay put while the admin types and the list answers.
 */
export const UserFilterChips = memo(function UserFilterChips({
  filters,
  onChange,
}: {
  filters: UserFilters;
  onChange: (filters: UserFilters) => void;
}) {
  const active = activeFilters(filters);
  if (active.length === 0) return null;
  return (
    <Box
      role="list"
      aria-label="Active filters"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, px: 1.5, pb: 1 }}
    >
      {active.map((filter) => (
        <Chip
          key={filter.key}
          role="listitem"
          size="small"
          color="primary"
          variant="outlined"
          label={filter.label}
          onDelete={() => onChange(filter.without(filters))}
          // A named button, as in the user form's group chips: "Remove filter: Locked".
          deleteIcon={
            <Cancel role="button" aria-label={`Remove filter: ${filter.label}`} aria-hidden={false} />
          }
        />
      ))}
    </Box>
  );
});
