import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { userStatuses, type UserStatus } from '../../../../shared/domain/directory';

export const STATUS_LABELS: Readonly<Record<UserStatus, string>> = {
  any: 'All',
  enabled: 'Enabled',
  disabled: 'Disabled',
  invited: 'Invited',
};

/** Which accounts the list shows, beside (and combined with) the text filter. */
export function UserStatusFilter({
  value,
  onChange,
}: {
  value: UserStatus;
  onChange: (status: UserStatus) => void;
}) {
  return (
    <TextField
      select
      label="Status"
      value={value}
      onChange={(event) => onChange(event.target.value as UserStatus)}
      sx={{ minWidth: 128 }}
    >
      {userStatuses.map((status) => (
        <MenuItem key={status} value={status}>
          {STATUS_LABELS[status]}
        </MenuItem>
      ))}
    </TextField>
  );
}
