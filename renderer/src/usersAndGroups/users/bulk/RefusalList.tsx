import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { BulkStatus } from '../../../../../shared/domain/bulk';
import { count } from './bulkText';

/** Rows drawn at most: the instance lists up to 1,000, more than anyone reads in a dialog. */
export const REFUSALS_SHOWN = 200;

/** Who was refused and why, the first ones; a note says when there are more than it lists. */
export function RefusalList({ status }: { status: BulkStatus }) {
  const shown = status.refusals.slice(0, REFUSALS_SHOWN);
  const notes: string[] = [];
  if (shown.length < status.refused)
    notes.push(`Showing the first ${count(shown.length)} of ${count(status.refused)} refusals.`);
  return (
    <Box>
      <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
        Refused
      </Typography>
      <Box
        component="ul"
        aria-label="Refused users"
        tabIndex={0}
        sx={{
          m: 0,
          pl: 2.5,
          maxHeight: 160,
          overflow: 'auto',
          typography: 'body2',
          borderRadius: 1,
          '&:focus-visible': { outline: 2, outlineColor: 'primary.main' },
        }}
      >
        {shown.map((refusal) => (
          <li key={refusal.userId}>
            <strong>{refusal.username || `User #${refusal.userId}`}</strong>: {refusal.reason}
          </li>
        ))}
      </Box>
      {notes.map((note) => (
        <Typography key={note} variant="caption" sx={{ color: 'text.secondary', display: 'block', mt: 0.5 }}>
          {note}
        </Typography>
      ))}
    </Box>
  );
}
