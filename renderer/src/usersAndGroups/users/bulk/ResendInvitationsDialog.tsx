import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useId } from 'react';
import type { InvitationTerms } from '../../../../../shared/domain/directory';
import { InvitationTermsFields } from '../InvitationTermsFields';
import { useInvitationTerms } from '../useInvitationTerms';

/**
 * Send new invites…: the terms of the new links for a selection, as Send new invite… takes them
 * for one user: how long they work, and whether the instance mails each to its user.
 */
export function ResendInvitationsDialog({
  title,
  whom,
  local,
  onApply,
  onClose,
}: {
  title: string;
  /** Who gets a new link: a username, a count, or the invited users among a selection. */
  whom: string;
  /** A local instance, which never mails. */
  local: boolean;
  onApply: (terms: InvitationTerms) => void;
  onClose: () => void;
}) {
  const titleId = useId();
  const { terms, setTerms, mail, problem, chosen } = useInvitationTerms();

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (problem === undefined) onApply(chosen());
        }}
      >
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            A new link is made for {whom}. The links are shown once, when the work is done.
          </DialogContentText>
          <InvitationTermsFields
            terms={terms}
            onChange={setTerms}
            hoursError={problem}
            mail={mail}
            local={local}
            disabled={false}
            replaces="links"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={problem !== undefined}>
            Send new invites
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
