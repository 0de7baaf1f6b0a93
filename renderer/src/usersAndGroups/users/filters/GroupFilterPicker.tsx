import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Popover from '@mui/material/Popover';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { GroupChoice } from './userFilters';
import { useGroupOptions } from '../../useGroupOptions';

/** "Member of group…": a field that searches group names on the main side; picking one applies it. */
export function GroupFilterPicker({
  instanceId,
  anchor,
  onPick,
  onClose,
}: {
  instanceId: string;
  anchor: HTMLElement | undefined;
  onPick: (group: GroupChoice) => void;
  onClose: () => void;
}) {
  const [input, setInput] = useState('');
  const { options, query } = useGroupOptions(instanceId, input);
  return (
    <Popover
      open={anchor !== undefined}
      anchorEl={anchor}
      onClose={onClose}
      disableRestoreFocus
      anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
    >
      <Box sx={{ p: 1.5, width: 320 }}>
        <Autocomplete
          openOnFocus
          options={options}
          getOptionLabel={(group) => group.name}
          isOptionEqualToValue={(group, other) => group.id === other.id}
          filterOptions={(all) => all}
          inputValue={input}
          onInputChange={(_, value) => setInput(value)}
          value={null}
          onChange={(_, group) => {
            if (group) onPick({ id: group.id, name: group.name });
          }}
          noOptionsText={query ? 'No group matches' : 'No groups'}
          renderInput={(params) => (
            <TextField
              {...params}
              autoFocus
              label="Member of group"
              placeholder="Type part of a group name"
            />
          )}
        />
      </Box>
    </Popover>
  );
}
