import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useId, useState } from 'react';
import { DEFAULT_ROLE, grantableRoles, ROLE_LABELS, roles, type Role } from '../../../../shared/domain/roles';
import { ROLE_DESCRIPTIONS } from '../roleText';

const SHOWN_NAMES = 5;

/** "anna, bruno and carla", or "anna, bruno, … and 7 more". */
export function namesOf(usernames: readonly string[]): string {
  const shown = usernames.slice(0, SHOWN_NAMES);
  const more = usernames.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}`;
}

/** Who the dialog is about: a few named users, or a count of matching ones whose names are not loaded. */
export interface RoleSubject {
  count: number;
  /** The users' names when every one is known (a selection of rows); else the count stands alone. */
  usernames?: readonly string[];
}

/**
 * Set role… on the users selected in the list: asks for one role for all of them. Applying it is
 * one bulk job (see bulk/), whose summary says what changed and who was refused, and why.
 */
export function SetRoleDialog({
  subject,
  callerRole,
  onApply,
  onClose,
}: {
  subject: RoleSubject;
  /** The role the dialog acts with; undefined (not known yet) offers every role. */
  callerRole: Role | undefined;
  onApply: (role: Role) => void;
  onClose: () => void;
}) {
  const titleId = useId();
  const offered = callerRole === undefined ? roles : grantableRoles(callerRole);
  const [role, setRole] = useState<Role>(
    offered.includes(DEFAULT_ROLE) || offered.length === 0 ? DEFAULT_ROLE : offered[0],
  );
  const named = subject.usernames !== undefined && subject.usernames.length === subject.count;
  const title =
    named && subject.count === 1
      ? `Set role of ${subject.usernames?.[0] ?? ''}`
      : `Set role of ${subject.count.toLocaleString('en-US')} users`;
  const whom = named
    ? namesOf(subject.usernames ?? [])
    : `all ${subject.count.toLocaleString('en-US')} matching users`;

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onApply(role);
        }}
      >
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>Gives {whom} one role.</DialogContentText>
          <TextField
            select
            label="Role"
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
            helperText={ROLE_DESCRIPTIONS[role]}
            fullWidth
          >
            {offered.map((candidate) => (
              <MenuItem key={candidate} value={candidate}>
                {ROLE_LABELS[candidate]}
              </MenuItem>
            ))}
          </TextField>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained">
            Apply
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
