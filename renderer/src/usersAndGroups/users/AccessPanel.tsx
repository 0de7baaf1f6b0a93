import LockOpenOutlined from '@mui/icons-material/LockOpenOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import type { Result } from '../../../../shared/contract/errors';
import type { AccessStatus, UserDetail } from '../../../../shared/domain/directory';
import { roster } from '../../roster/roster';
import { formEditable, useUserEditor } from '../userEditorStore';
import { useFeedback } from '../../store/feedbackStore';
import { fullTime, momentText } from '../timeText';

const failures = (count: number) => (count === 1 ? '1 failed sign-in' : `${String(count)} failed sign-ins`);

/**
 * How the user signs in to the instance server (a remote instance, or a local
 * file that `npm run server` serves): the lock that repeated failed sign-ins
 * set, which whoever may change the user lifts here. The role is a field of the form.
 */
export function AccessPanel({ instanceId, user }: { instanceId: string; user: UserDetail }) {
  const [access, setAccess] = useState<AccessStatus>();
  const [busy, setBusy] = useState(false);
  const editable = useUserEditor(formEditable);

  useEffect(() => {
    let current = true;
    void roster()
      .invoke('directory.users.access', { instanceId, userId: user.id })
      .then((result) => {
        if (!current) return;
        if (result.ok) setAccess(result.value);
        else useFeedback.getState().showError(result.error);
      });
    return () => {
      current = false;
    };
  }, [instanceId, user.id]);

  /** Runs one change and shows the account as the instance answers it. */
  const change = async (run: () => Promise<Result<AccessStatus>>, success: string) => {
    setBusy(true);
    const result = await run();
    setBusy(false);
    if (!result.ok) return useFeedback.getState().showError(result.error);
    setAccess(result.value);
    useFeedback.getState().show('success', success);
    // The change moved the user's version: the form's next save must not take it for someone else's.
    const fresh = await roster().invoke('directory.users.get', { instanceId, userId: user.id });
    if (fresh.ok) useUserEditor.getState().refresh(fresh.value);
  };
  const unlock = () =>
    change(
      () => roster().invoke('directory.users.unlock', { instanceId, userId: user.id }),
      `${user.username} was unlocked.`,
    );

  return (
    <Box component="section" aria-label="Sign-in">
      <Typography variant="subtitle2" component="h4" sx={{ mb: 0.5 }}>
        Sign-in
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary', mb: 0.5 }}>
        {user.lastSignInAt === null ? 'Never signed in.' : `Last signed in ${momentText(user.lastSignInAt)}.`}
      </Typography>
      {access === undefined ? (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Loading…
        </Typography>
      ) : access.lockedUntil !== null ? (
        <Alert
          severity="warning"
          action={
            editable ? (
              <Button
                color="inherit"
                size="small"
                startIcon={<LockOpenOutlined />}
                disabled={busy}
                onClick={() => void unlock()}
              >
                Unlock
              </Button>
            ) : undefined
          }
        >
          Locked until {fullTime(access.lockedUntil)} after {failures(access.failedLogins)}.
        </Alert>
      ) : (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {access.failedLogins === 0
            ? 'Not locked; no failed sign-ins since the last one that worked.'
            : `Not locked; ${failures(access.failedLogins)} since the last one that worked.`}
        </Typography>
      )}
    </Box>
  );
}
