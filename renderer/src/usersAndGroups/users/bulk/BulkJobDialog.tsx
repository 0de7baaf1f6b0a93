import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useRef } from 'react';
import { isFinished, type BulkStatus } from '../../../../../shared/domain/bulk';
import { FailureAlert } from '../../../common/FailureAlert';
import { useBulkJob } from './bulkJobStore';
import { actionInProgress, actionTitle, count, endingText, outcomeCounts, usersCount } from './bulkText';
import { RefusalList } from './RefusalList';
import { SecretList } from './SecretList';

const percent = (status: BulkStatus) =>
  status.total === 0 ? 100 : Math.round((status.processed / status.total) * 100);

/**
 * The running bulk job: what it does, how far it got, Cancel; then what it came to. While it runs
 * nothing but Cancel closes it (the work goes on either way, and its end must be seen); once it
 * shows passwords or links, a stray click beside it must not throw them away.
 */
export function BulkJobDialog() {
  const job = useBulkJob((state) => state.job);
  const titleId = useId();
  const close = useRef<HTMLButtonElement>(null);
  const finished = job !== undefined && isFinished(job.status);

  useEffect(() => {
    if (finished) close.current?.focus();
  }, [finished]);

  if (!job?.shown) return null;
  const { status, context } = job;
  const cancelling = status.state === 'cancelling';
  const secrets = status.secrets.length > 0;
  const { cancel, dismiss, retry } = useBulkJob.getState();

  return (
    <Dialog
      open
      onClose={(_, reason) => {
        if ((finished || job.pollError) && !(secrets && reason === 'backdropClick')) dismiss();
      }}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id={titleId}>{actionTitle(status.action, context)}</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Typography>{actionInProgress(status.action, status.total, context)}</Typography>
        <Box>
          <LinearProgress
            variant="determinate"
            value={percent(status)}
            aria-label="Progress"
            aria-valuetext={`${count(status.processed)} of ${usersCount(status.total)}`}
            sx={{ height: 8, borderRadius: 1 }}
          />
          <Typography variant="body2" sx={{ mt: 0.75, color: 'text.secondary' }}>
            {count(status.processed)} of {count(status.total)} processed
            {cancelling ? ' · Cancelling after this chunk…' : ''}
          </Typography>
        </Box>
        {finished ? (
          <>
            <Alert
              severity={
                status.state === 'failed'
                  ? 'error'
                  : status.state === 'cancelled' || status.refused > 0
                    ? 'warning'
                    : 'success'
              }
              // The counts line below is the one announcement; this only frames it.
              role="none"
            >
              <Typography variant="body2">{endingText(status)}</Typography>
              <Typography variant="body2" role="status" sx={{ fontWeight: 600 }}>
                {outcomeCounts(status)}
              </Typography>
            </Alert>
            {status.refusals.length > 0 ? <RefusalList status={status} /> : null}
            {secrets ? <SecretList secrets={status.secrets} /> : null}
          </>
        ) : null}
        {job.pollError ? <FailureAlert error={job.pollError} onRetry={retry} /> : null}
      </DialogContent>
      <DialogActions>
        {finished ? (
          <Button ref={close} variant="contained" onClick={dismiss}>
            Close
          </Button>
        ) : (
          <>
            {job.pollError ? <Button onClick={dismiss}>Close</Button> : null}
            <Button onClick={() => void cancel()} disabled={cancelling}>
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
