import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import TextField from '@mui/material/TextField';
import { useState, type KeyboardEvent } from 'react';

interface Props {
  /** The server's refusal of the last new password sent (its policy), shown by the field. */
  refusal: string | undefined;
  busy: boolean;
  /** The admin edits the new password: a refusal of the previous one no longer applies. */
  onEdit: () => void;
  onSubmit: (newPassword: string) => void;
}

/**
 * A new password typed twice, and "Change password". Only emptiness and the repeat are checked
 * here: the policy is the server's, which may differ from any this computer knows.
 */
export function NewPasswordFields({ refusal, busy, onEdit, onSubmit }: Props) {
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  // Fields speak once typed in or left, or when Change password is tried; not on arrival.
  const [shown, setShown] = useState({ newPassword: false, repeat: false });

  const newRule = newPassword === '' ? 'Enter a new password.' : undefined;
  const repeatRule =
    repeat === newPassword
      ? undefined
      : repeat === ''
        ? 'Type the new password again.'
        : 'The two passwords differ.';
  const newError = refusal ?? (shown.newPassword ? newRule : undefined);
  // The repeat speaks once left or on Change password, and as soon as it can no longer become the
  // new password: not while it is still a beginning of it, being typed.
  const repeatShown = shown.repeat || (repeat !== '' && !newPassword.startsWith(repeat));
  const repeatError = repeatShown ? repeatRule : undefined;

  const submit = () => {
    setShown({ newPassword: true, repeat: true });
    if (!busy && newRule === undefined && repeatRule === undefined) onSubmit(newPassword);
  };
  // Enter here changes the password rather than submitting the connection form around it.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    submit();
  };

  return (
    <>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
        <TextField
          autoFocus
          margin="dense"
          type="password"
          autoComplete="new-password"
          label="New password"
          value={newPassword}
          onChange={(event) => {
            setNewPassword(event.target.value);
            setShown((current) => ({ ...current, newPassword: true }));
            onEdit();
          }}
          onBlur={() => setShown((current) => ({ ...current, newPassword: true }))}
          onKeyDown={onKeyDown}
          error={newError !== undefined}
          helperText={newError ?? 'The server checks it against its password policy.'}
          sx={{ flex: 1 }}
        />
        <TextField
          margin="dense"
          type="password"
          autoComplete="new-password"
          label="Repeat new password"
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
          onBlur={() => setShown((current) => ({ ...current, repeat: true }))}
          onKeyDown={onKeyDown}
          error={repeatError !== undefined}
          helperText={repeatError ?? 'The same again, to rule out a typo.'}
          sx={{ flex: 1 }}
        />
      </Box>
      <Button
        variant="contained"
        onClick={submit}
        disabled={busy}
        startIcon={busy ? <CircularProgress size={16} /> : undefined}
        sx={{ mt: 0.5 }}
      >
        {busy ? 'Changing…' : 'Change password'}
      </Button>
    </>
  );
}
