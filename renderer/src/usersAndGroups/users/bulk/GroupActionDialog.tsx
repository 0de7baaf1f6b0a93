import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useState } from 'react';
import type { GroupSummary } from '../../../../../shared/domain/directory';
import { usersCount } from './bulkText';
import { useGroupOptions } from '../../useGroupOptions';

/**
 * Add to group… and Remove from group…: picks one group, searched by name on the main side (an
 * instance may have thousands), for the whole selection.
 */
export function GroupActionDialog({
  instanceId,
  mode,
  selected,
  onApply,
  onClose,
}: {
  instanceId: string;
  mode: 'add' | 'remove';
  /** How many users the selection holds. */
  selected: number;
  onApply: (group: GroupSummary) => void;
  onClose: () => void;
}) {
  const titleId = useId();
  const [input, setInput] = useState('');
  const [group, setGroup] = useState<GroupSummary | null>(null);
  const [missing, setMissing] = useState(false);
  const { options, query } = useGroupOptions(instanceId, input);
  const adding = mode === 'add';
  const users = usersCount(selected);

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (group) onApply(group);
          else setMissing(true);
        }}
      >
        <DialogTitle id={titleId}>
          {adding ? `Add ${users} to a group` : `Remove ${users} from a group`}
        </DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            {adding
              ? 'Users already in the group stay as they are.'
              : 'Users who are not in the group stay as they are.'}
          </DialogContentText>
          <Autocomplete
            openOnFocus
            options={options}
            getOptionLabel={(option) => option.name}
            isOptionEqualToValue={(option, other) => option.id === other.id}
            // The main side filtered already, by the same text.
            filterOptions={(all) => all}
            inputValue={input}
            onInputChange={(_, value) => setInput(value)}
            value={group}
            onChange={(_, value) => {
              setGroup(value);
              setMissing(false);
            }}
            noOptionsText={query ? 'No group matches' : 'No groups'}
            renderInput={(params) => (
              <TextField
                {...params}
                autoFocus
                label="Group"
                placeholder="Type part of a group name"
                error={missing}
                helperText={missing ? 'Choose a group.' : ' '}
              />
            )}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained">
            {adding ? 'Add' : 'Remove'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
