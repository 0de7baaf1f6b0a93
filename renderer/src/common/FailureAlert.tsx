import Alert, { type AlertProps } from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { isPassingFailure, type RosterErrorData } from '../../../shared/contract/errors';
import { failureTitle } from './remoteFailure';

interface Props {
  error: RosterErrorData;
  /** Tries the failed action again; offered when the failure may have passed (a server back up). */
  onRetry?: () => void;
  sx?: AlertProps['sx'];
  variant?: AlertProps['variant'];
}

/** An error as the admin reads it: what kind of failure (for a remote instance), what happened, and Retry. */
export function FailureAlert({ error, onRetry, sx, variant }: Props) {
  const title = failureTitle(error);
  return (
    <Alert
      severity="error"
      variant={variant}
      sx={sx}
      action={
        onRetry && isPassingFailure(error) ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    >
      {title ? <AlertTitle>{title}</AlertTitle> : null}
      {error.message}
    </Alert>
  );
}
