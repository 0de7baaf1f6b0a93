import Alert from '@mui/material/Alert';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import TextField from '@mui/material/TextField';
import { useId } from 'react';
import { INVITATION_HOURS_MAX } from '../../../../shared/domain/directory';
import { HOURS_HINT, type TermsDraft } from '../invitationTerms';

interface Props {
  terms: TermsDraft;
  onChange: (terms: TermsDraft) => void;
  /** What is wrong with the expiry as typed (it starts valid, so it is shown at once). */
  hoursError: string | undefined;
  /**
   * Whether the instance can mail the link (only an instance server with a mail server set up
   * can); undefined until the instance has said.
   */
  mail: boolean | undefined;
  /** A local instance, which has no server and so never mails. */
  local: boolean;
  disabled: boolean;
  /** Send new invite(s)…: the new links replace links already sent, which the admin is warned of. */
  replaces?: 'one link' | 'links';
}

/** Why the link can or cannot be mailed, under the checkbox. */
function mailHintText(mail: boolean | undefined, local: boolean): string {
  if (local) return 'A local instance sends no mail: copy the link and send it yourself.';
  if (mail === undefined) return 'Not known yet whether this instance can send mail.';
  return mail
    ? 'The instance server mails the link to the user; you can copy it as well.'
    : 'This instance has no mail server set up: copy the link and send it yourself.';
}

/** How long an invitation link works, and whether the instance mails it too. */
export function InvitationTermsFields({
  terms,
  onChange,
  hoursError,
  mail,
  local,
  disabled,
  replaces,
}: Props) {
  const mailHint = useId();
  const mailPossible = mail === true;
  return (
    <>
      <TextField
        label="Link expires after (hours)"
        type="number"
        value={terms.hours}
        onChange={(event) => onChange({ ...terms, hours: event.target.value })}
        error={hoursError !== undefined}
        helperText={hoursError ?? HOURS_HINT}
        disabled={disabled}
        required
        fullWidth
        slotProps={{ htmlInput: { min: 1, max: INVITATION_HOURS_MAX, step: 1 } }}
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={mailPossible && terms.sendEmail}
            onChange={(event) => onChange({ ...terms, sendEmail: event.target.checked })}
            slotProps={{ input: { 'aria-describedby': mailHint } }}
          />
        }
        label="Send the link by email"
        disabled={disabled || !mailPossible}
        sx={{ mt: 0.5 }}
      />
      <FormHelperText id={mailHint} sx={{ mt: -0.5, ml: 4 }}>
        {mailHintText(mail, local)}
      </FormHelperText>
      {replaces ? (
        <Alert severity="warning" role="note" sx={{ mt: 2 }}>
          {replaces === 'links'
            ? 'The links sent before stop working at once.'
            : 'The link sent before stops working at once.'}
        </Alert>
      ) : null}
    </>
  );
}
