import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import DialogContentText from '@mui/material/DialogContentText';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import type { RosterErrorData } from '../../../../shared/contract/errors';
import type { PasswordResetResult, UserDetail } from '../../../../shared/domain/directory';
import { FailureAlert } from '../../common/FailureAlert';
import { roster } from '../../roster/roster';
import { passwordError, policyHint, usePasswordPolicy } from '../passwordPolicy';
import { refusedField } from '../refusals';
import { useUserEditor } from '../userEditorStore';
import { CopyField } from './CopyField';
import { OneTimeResultDialog } from './OneTimeResultDialog';

type Choice = 'generate' | 'type';

/**
 * Reset password…: a temporary password, made by the instance (the default) or typed by the admin,
 * that the user must replace at their next sign-in; their sessions end at once. The password is
 * shown once afterwards, to copy: nothing can show it again.
 */
export function ResetPasswordDialog({
  instanceId,
  user,
  onClose,
}: {
  instanceId: string;
  user: UserDetail;
  onClose: () => void;
}) {
  const policy = usePasswordPolicy(instanceId);
  const [choice, setChoice] = useState<Choice>('generate');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [failure, setFailure] = useState<RosterErrorData>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PasswordResetResult>();
  const passwordInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (choice === 'type') passwordInput.current?.focus();
  }, [choice]);

  const typed = choice === 'type';
  const problem = typed ? passwordError(policy, password, user.username) : undefined;
  const shownProblem = refusal ?? (touched ? problem : undefined);

  /** Someone changed the user since the form read it: the form takes the new version, the admin decides again. */
  const reloadStale = async () => {
    const fresh = await roster().invoke('directory.users.get', { instanceId, userId: user.id });
    if (fresh.ok) useUserEditor.getState().refresh(fresh.value);
    setFailure({
      code: 'STALE',
      message: `${user.username} was changed by someone else since you opened it. The form shows it as it is now: reset again to go ahead.`,
    });
  };

  const reset = async () => {
    if (busy) return;
    if (problem !== undefined) {
      setTouched(true);
      passwordInput.current?.focus();
      return;
    }
    setBusy(true);
    setFailure(undefined);
    const answer = await roster().invoke('directory.users.resetPassword', {
      instanceId,
      userId: user.id,
      reset: typed ? { password } : {},
      ifVersion: user.version,
    });
    setBusy(false);
    if (answer.ok) {
      setResult(answer.value);
      useUserEditor.getState().refresh(answer.value.user);
    } else if (answer.error.code === 'STALE') await reloadStale();
    else if (typed && refusedField(answer.error) === 'password') setRefusal(answer.error.message);
    else setFailure(answer.error);
  };

  return (
    <OneTimeResultDialog
      title={`Reset password of ${user.username}`}
      result={
        result && (
          <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
            <Alert severity="success" role="status">
              The password of {user.username} was reset.
            </Alert>
            <CopyField
              label="Temporary password"
              value={result.temporaryPassword}
              monospace
              helperText="Shown only this once: copy it now and give it to the user privately."
            />
            <Typography variant="body2">
              {user.username} must change it at their next sign-in; until then the instance allows them
              nothing else. Their sessions ended: they were signed out everywhere.
            </Typography>
          </Box>
        )
      }
      actionLabel="Reset password"
      busy={busy}
      onAction={() => void reset()}
      onClose={onClose}
    >
      <DialogContentText sx={{ mb: 1 }}>
        {user.username} gets a temporary password, to be changed at their next sign-in.
      </DialogContentText>
      <RadioGroup
        aria-label="How to make the temporary password"
        value={choice}
        onChange={(event) => {
          setChoice(event.target.value as Choice);
          setRefusal(undefined);
        }}
      >
        <FormControlLabel
          value="generate"
          control={<Radio />}
          label="Generate a strong temporary password"
          disabled={busy}
        />
        <FormControlLabel
          value="type"
          control={<Radio />}
          label="Type a temporary password"
          disabled={busy}
        />
      </RadioGroup>
      {typed ? (
        <TextField
          inputRef={passwordInput}
          label="Temporary password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
            setRefusal(undefined);
          }}
          onBlur={() => setTouched(true)}
          error={shownProblem !== undefined}
          helperText={shownProblem ?? policyHint(policy) ?? ' '}
          disabled={busy}
          required
          fullWidth
          sx={{ mt: 1 }}
        />
      ) : null}
      <Alert severity="warning" role="note" sx={{ mt: 2 }}>
        Their sessions end now: they are signed out everywhere.
      </Alert>
      {failure ? <FailureAlert error={failure} sx={{ mt: 2 }} onRetry={() => void reset()} /> : null}
    </OneTimeResultDialog>
  );
}
