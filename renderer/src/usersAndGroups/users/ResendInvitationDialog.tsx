import DialogContentText from '@mui/material/DialogContentText';
import { useState } from 'react';
import type { RosterErrorData } from '../../../../shared/contract/errors';
import type { Invitation, UserDetail } from '../../../../shared/domain/directory';
import { FailureAlert } from '../../common/FailureAlert';
import { roster } from '../../roster/roster';
import { useUserEditor } from '../userEditorStore';
import { InvitationLink } from './InvitationLink';
import { InvitationTermsFields } from './InvitationTermsFields';
import { OneTimeResultDialog } from './OneTimeResultDialog';
import { useInvitationTerms } from './useInvitationTerms';

/** Send new invite…: a new link for an Invited user, with its own expiry; the old link stops working. */
export function ResendInvitationDialog({
  instanceId,
  user,
  local,
  onClose,
}: {
  instanceId: string;
  user: UserDetail;
  /** A local instance, which never mails. */
  local: boolean;
  onClose: () => void;
}) {
  const { terms, setTerms, mail, problem, chosen } = useInvitationTerms();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<RosterErrorData>();
  const [result, setResult] = useState<Invitation>();

  const send = async () => {
    if (busy || problem !== undefined) return;
    setBusy(true);
    setFailure(undefined);
    const answer = await roster().invoke('directory.users.resendInvitation', {
      instanceId,
      userId: user.id,
      terms: chosen(),
    });
    setBusy(false);
    if (!answer.ok) return setFailure(answer.error);
    setResult(answer.value);
    useUserEditor.getState().refresh(answer.value.user);
  };

  return (
    <OneTimeResultDialog
      title={`Send a new invite to ${user.username}`}
      result={result && <InvitationLink invitation={result} replaced />}
      actionLabel="Send new invite"
      busy={busy}
      onAction={() => void send()}
      onClose={onClose}
    >
      <DialogContentText sx={{ mb: 2 }}>
        {user.username} has not set a password yet. A new link replaces the one they have.
      </DialogContentText>
      <InvitationTermsFields
        terms={terms}
        onChange={setTerms}
        hoursError={problem}
        mail={mail}
        local={local}
        disabled={busy}
        replaces="one link"
      />
      {failure ? <FailureAlert error={failure} sx={{ mt: 2 }} onRetry={() => void send()} /> : null}
    </OneTimeResultDialog>
  );
}
