import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useEffect, useId, useRef, useState } from 'react';
import type { UserSummary } from '../../../../shared/domain/directory';
import { DEFAULT_ROLE, grantableRoles, ROLE_LABELS, roles, type Role } from '../../../../shared/domain/roles';
import { failureTitle } from '../../common/remoteFailure';
import { roster } from '../../roster/roster';
import { ROLE_DESCRIPTIONS } from '../roleText';
import { useUserEditor } from '../userEditorStore';

interface Outcome {
  role: Role;
  changed: string[];
  /** Users who had the role already: nothing was sent for them. */
  unchanged: string[];
  refused: { username: string; message: string }[];
}

const SHOWN_NAMES = 5;

/** "anna, bruno and carla", or "anna, bruno, … and 7 more". */
export function namesOf(usernames: readonly string[]): string {
  const shown = usernames.slice(0, SHOWN_NAMES);
  const more = usernames.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}`;
}

const usersCount = (count: number) => (count === 1 ? '1 user' : `${count} users`);

/**
 * Set role… on the users selected in the list: one role for all of them, sent user by user, so
 * that a refusal (the last Administrator, a user the caller may not change) stops only that one.
 * Says afterwards what changed and what was refused, and why.
 */
export function SetRoleDialog({
  instanceId,
  users,
  callerRole,
  onClose,
}: {
  instanceId: string;
  users: readonly UserSummary[];
  /** The role the dialog acts with; undefined (not known yet) offers every role. */
  callerRole: Role | undefined;
  onClose: () => void;
}) {
  const titleId = useId();
  const offered = callerRole === undefined ? roles : grantableRoles(callerRole);
  const [role, setRole] = useState<Role>(
    offered.includes(DEFAULT_ROLE) || offered.length === 0 ? DEFAULT_ROLE : offered[0],
  );
  const [applying, setApplying] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const close = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (outcome) close.current?.focus();
  }, [outcome]);

  const apply = async () => {
    if (applying || outcome) return;
    setApplying(true);
    const result: Outcome = { role, changed: [], unchanged: [], refused: [] };
    for (const user of users) {
      if (user.role === role) {
        result.unchanged.push(user.username);
        continue;
      }
      const answer = await roster().invoke('directory.users.setRole', { instanceId, userId: user.id, role });
      if (answer.ok) {
        result.changed.push(user.username);
        useUserEditor.getState().roleChangedOf(answer.value);
        // The form shows the new role (and version) of a user it has open, keeping pending edits.
        if (answer.value.id === useUserEditor.getState().user?.id)
          useUserEditor.getState().refresh(answer.value);
      } else {
        const title = failureTitle(answer.error);
        result.refused.push({
          username: user.username,
          message: title ? `${title}: ${answer.error.message}` : answer.error.message,
        });
      }
    }
    setApplying(false);
    setOutcome(result);
    if (result.changed.length > 0) useUserEditor.getState().noteChange();
  };

  const title =
    users.length === 1 ? `Set role of ${users[0]?.username ?? ''}` : `Set role of ${users.length} users`;

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (outcome) onClose();
          else void apply();
        }}
      >
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          {outcome ? (
            <OutcomeView outcome={outcome} />
          ) : (
            <>
              <DialogContentText sx={{ mb: 2 }}>
                Gives {namesOf(users.map((user) => user.username))} one role.
              </DialogContentText>
              <TextField
                select
                label="Role"
                value={role}
                onChange={(event) => setRole(event.target.value as Role)}
                helperText={ROLE_DESCRIPTIONS[role]}
                disabled={applying}
                fullWidth
              >
                {offered.map((candidate) => (
                  <MenuItem key={candidate} value={candidate}>
                    {ROLE_LABELS[candidate]}
                  </MenuItem>
                ))}
              </TextField>
            </>
          )}
        </DialogContent>
        <DialogActions>
          {outcome ? (
            <Button ref={close} type="submit" variant="contained">
              Close
            </Button>
          ) : (
            <>
              <Button onClick={onClose} disabled={applying}>
                Cancel
              </Button>
              <Button
                type="submit"
                variant="contained"
                disabled={applying}
                startIcon={applying ? <CircularProgress size={16} color="inherit" /> : undefined}
              >
                {applying ? 'Applying…' : 'Apply'}
              </Button>
            </>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const label = ROLE_LABELS[outcome.role];
  const { changed, unchanged, refused } = outcome;
  const summary =
    changed.length === 0
      ? 'No user was changed.'
      : changed.length === 1
        ? `${changed[0] ?? ''} now has the role ${label}.`
        : `${usersCount(changed.length)} now have the role ${label}.`;
  const already =
    unchanged.length === 0
      ? ''
      : unchanged.length === 1
        ? ` ${unchanged[0] ?? ''} had it already.`
        : ` ${namesOf(unchanged)} had it already.`;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      <Alert severity={changed.length > 0 ? 'success' : 'info'} role="status">
        {summary}
        {already}
      </Alert>
      {refused.length > 0 ? (
        <Alert severity="error" role="alert">
          <AlertTitle>
            {refused.length === 1 ? '1 user was refused' : `${usersCount(refused.length)} were refused`}
          </AlertTitle>
          <Box component="ul" aria-label="Refused users" sx={{ m: 0, pl: 2.5 }}>
            {refused.map((refusal) => (
              <li key={refusal.username}>
                <strong>{refusal.username}</strong>: {refusal.message}
              </li>
            ))}
          </Box>
        </Alert>
      ) : null}
    </Box>
  );
}
