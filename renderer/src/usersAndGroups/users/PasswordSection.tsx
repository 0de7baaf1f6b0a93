import ForwardToInboxOutlined from '@mui/icons-material/ForwardToInboxOutlined';
import LockResetOutlined from '@mui/icons-material/LockResetOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { UserDetail } from '../../../../shared/domain/directory';
import type { InstanceView } from '../../../../shared/domain/instance';
import { signsInWithPassword } from '../../../../shared/domain/roles';
import { formEditable, useUserEditor } from '../userEditorStore';
import { ResendInvitationDialog } from './ResendInvitationDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';

/** What the user's password is now. */
function PasswordState({ user }: { user: UserDetail }) {
  if (user.invited)
    return (
      <Alert severity="info" role="note">
        Invited — has not set a password yet.
      </Alert>
    );
  if (!signsInWithPassword(user.role))
    return (
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        An API user signs in with tokens only, never with a password.
      </Typography>
    );
  if (user.mustChangePassword)
    return (
      <Alert severity="warning" role="note">
        Must change password at next sign-in.
      </Alert>
    );
  return (
    <Typography variant="body2" sx={{ color: 'text.secondary' }}>
      {user.username} has a password.
    </Typography>
  );
}

type PasswordDialog = 'reset' | 'invite';

/**
 * A saved user's password: Invited (no password yet, with Send new invite…), or set, with Reset
 * password… and whether the user must change it at their next sign-in. "May reset own password" is
 * a field of the form, saved with the others.
 */
export function PasswordSection({ instance, user }: { instance: InstanceView; user: UserDetail }) {
  const editable = useUserEditor(formEditable);
  const mayResetOwn = useUserEditor((state) => state.draft.mayResetOwnPassword);
  const setField = useUserEditor((state) => state.setField);
  const [dialog, setDialog] = useState<PasswordDialog>();
  // An Invited user gets a new link; one who signs in with a password, a new password.
  const action: PasswordDialog | undefined = user.invited
    ? 'invite'
    : signsInWithPassword(user.role)
      ? 'reset'
      : undefined;

  return (
    <Box component="section" aria-label="Password">
      <Typography variant="subtitle2" component="h4" sx={{ mb: 0.5 }}>
        Password
      </Typography>
      <PasswordState user={user} />
      {editable && action ? (
        <Button
          variant="outlined"
          startIcon={action === 'invite' ? <ForwardToInboxOutlined /> : <LockResetOutlined />}
          onClick={() => setDialog(action)}
          sx={{ mt: 1 }}
        >
          {action === 'invite' ? 'Send new invite…' : 'Reset password…'}
        </Button>
      ) : null}
      <FormControlLabel
        sx={{ display: 'flex', width: 'fit-content' }}
        control={
          <Checkbox
            checked={mayResetOwn}
            disabled={!editable}
            onChange={(event) => setField('mayResetOwnPassword', event.target.checked)}
          />
        }
        label="May reset own password"
      />
      {dialog === 'reset' ? (
        <ResetPasswordDialog instanceId={instance.id} user={user} onClose={() => setDialog(undefined)} />
      ) : null}
      {dialog === 'invite' ? (
        <ResendInvitationDialog
          instanceId={instance.id}
          user={user}
          local={instance.kind === 'local'}
          onClose={() => setDialog(undefined)}
        />
      ) : null}
    </Box>
  );
}
