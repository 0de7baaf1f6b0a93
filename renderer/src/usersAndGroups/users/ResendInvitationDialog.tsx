import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useEffect, useId, useRef, useState } from 'react';
import type { RosterErrorData } from '../../../../shared/contract/errors';
import type { Invitation, UserDetail } from '../../../../shared/domain/directory';
import { FailureAlert } from '../../common/FailureAlert';
import { roster } from '../../roster/roster';
import { DEFAULT_TERMS, hoursError, termsOf } from '../invitationTerms';
import { useUserEditor } from '../userEditorStore';
import { InvitationLink } from './InvitationLink';
import { InvitationTermsFields } from './InvitationTermsFields';

/** Send new invite…: a new link for an Invited user, with its own expiry; the old link stops working. */
export function ResendInvitationDialog({
  instanceId,
  user,
  mailPossible,
  onClose,
}: {
  instanceId: string;
  user: UserDetail;
  mailPossible: boolean;
  onClose: () => void;
}) {
  const titleId = useId();
  const [terms, setTerms] = useState(DEFAULT_TERMS);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<RosterErrorData>();
  const [result, setResult] = useState<Invitation>();
  const close = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (result) close.current?.focus();
  }, [result]);

  const problem = hoursError(terms.hours);

  const send = async () => {
    if (busy || problem !== undefined) return;
    setBusy(true);
    setFailure(undefined);
    const answer = await roster().invoke('directory.users.resendInvitation', {
      instanceId,
      userId: user.id,
      terms: termsOf({ ...terms, sendEmail: mailPossible && terms.sendEmail }),
    });
    setBusy(false);
    if (!answer.ok) return setFailure(answer.error);
    setResult(answer.value);
    useUserEditor.getState().refresh(answer.value.user);
  };

  return (
    <Dialog
      open
      // The new link is shown here only: a stray click beside the dialog must not throw it away.
      onClose={(_, reason) => {
        if (!(result && reason === 'backdropClick')) onClose();
      }}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (result) onClose();
          else void send();
        }}
      >
        <DialogTitle id={titleId}>Send a new invite to {user.username}</DialogTitle>
        <DialogContent>
          {result ? (
            <InvitationLink invitation={result} replaced />
          ) : (
            <>
              <DialogContentText sx={{ mb: 2 }}>
                {user.username} has not set a password yet. A new link replaces the one they have.
              </DialogContentText>
              <InvitationTermsFields
                terms={terms}
                onChange={setTerms}
                hoursError={problem}
                mailPossible={mailPossible}
                disabled={busy}
              />
              <Alert severity="warning" role="note" sx={{ mt: 2 }}>
                The link sent before stops working at once.
              </Alert>
              {failure ? <FailureAlert error={failure} sx={{ mt: 2 }} onRetry={() => void send()} /> : null}
            </>
          )}
        </DialogContent>
        <DialogActions>
          {result ? (
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
                Send new invite
              </Button>
            </>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}
