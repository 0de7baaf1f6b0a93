import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { memo, type ReactNode } from 'react';

/**
 * The row under the filter: the actions (for a caller who may write) and the list's count, the
 * tab's status. Memoised: given the same actions element, a keystroke that leaves the count be
 * draws neither.
 */
export const UsersActionRow = memo(function UsersActionRow({
  actions,
  count,
}: {
  actions: ReactNode;
  count: string;
}) {
  return (
    <Box sx={ROW_SX}>
      {actions}
      <Box sx={{ flex: 1 }} />
      <Typography variant="caption" role="status" aria-live="polite" sx={{ color: 'text.secondary' }}>
        {count}
      </Typography>
    </Box>
  );
});

const ROW_SX = {
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: 0.5,
  px: 1.5,
  pb: 1,
  '& .MuiButton-root': { whiteSpace: 'nowrap' },
} as const;
