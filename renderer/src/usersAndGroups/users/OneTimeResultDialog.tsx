import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  title: ReactNode;
  /** The form that asks, before the action. */
  children: ReactNode;
  /** What the action made, shown once (a temporary password, an invitation link); nothing before. */
  result: ReactNode;
  actionLabel: string;
  busy: boolean;
  onAction: () => void;
  onClose: () => void;
}

/**
 * A dialog that asks, acts, then shows a secret made for the admin to copy, once: a stray click
 * beside it must not throw that away, so only Close (or Escape) leaves it then. Enter acts, then
 * closes; focus moves to Close when the result appears.
 */
export function OneTimeResultDialog({
  title,
  children,
  result,
  actionLabel,
  busy,
  onAction,
  onClose,
}: Props) {
  const titleId = useId();
  const close = useRef<HTMLButtonElement>(null);
  const shown = result !== undefined && result !== null && result !== false;
  useEffect(() => {
    if (shown) close.current?.focus();
  }, [shown]);

  return (
    <Dialog
      open
      onClose={(_, reason) => {
        if (!(shown && reason === 'backdropClick')) onClose();
      }}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (shown) onClose();
          else onAction();
        }}
      >
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>{shown ? result : children}</DialogContent>
        <DialogActions>
          {shown ? (
            <Button ref={close} type="submit" variant="contained">
              Close
            </Button>
          ) : (
            <>
              <Button onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button
                type="submit"
                variant="contained"
                disabled={busy}
                startIcon={busy ? <CircularProgress size={16} color="inherit" /> : undefined}
              >
                {actionLabel}
              </Button>
            </>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}
