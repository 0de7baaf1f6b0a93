import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import type { BulkStatus } from '../../../../../shared/domain/bulk';
import { count } from './bulkText';

type Progress = Pick<BulkStatus, 'state' | 'total' | 'processed'>;

const percent = (status: Progress) =>
  status.total === 0 ? 100 : Math.round((status.processed / status.total) * 100);

/** How far a job got: a bar and "n of m processed", with whether it stops after this chunk. */
export function JobProgress({
  status,
  label,
  noun,
}: {
  status: Progress;
  label: string;
  noun: (n: number) => string;
}) {
  return (
    <Box>
      <LinearProgress
        variant="determinate"
        value={percent(status)}
        aria-label={label}
        aria-valuetext={`${count(status.processed)} of ${noun(status.total)}`}
        sx={{ height: 8, borderRadius: 1 }}
      />
      <Typography variant="body2" sx={{ mt: 0.75, color: 'text.secondary' }}>
        {count(status.processed)} of {count(status.total)} processed
        {status.state === 'cancelling' ? ' · Cancelling after this chunk…' : ''}
      </Typography>
    </Box>
  );
}

/** How a finished job's summary looks: failed, stopped short or with refusals, or all done. */
export const endingSeverity = (
  status: Pick<BulkStatus, 'state' | 'refused'>,
): 'error' | 'warning' | 'success' =>
  status.state === 'failed'
    ? 'error'
    : status.state === 'cancelled' || status.refused > 0
      ? 'warning'
      : 'success';
