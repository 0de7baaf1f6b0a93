import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useRef } from 'react';
import { isFinished } from '../../../../../shared/domain/bulk';
import { FailureAlert } from '../../../common/FailureAlert';
import { useBulkJob } from './bulkJobStore';
import { actionInProgress, actionTitle, endingText, outcomeCounts, usersCount } from './bulkText';
import { endingSeverity, JobProgress } from './JobProgress';
import { RefusalList } from './RefusalList';
import { SecretList } from './SecretList';

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
        <JobProgress status={status} label="Progress" noun={usersCount} />
        {finished ? (
          <>
            <Alert
              severity={endingSeverity(status)}
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
