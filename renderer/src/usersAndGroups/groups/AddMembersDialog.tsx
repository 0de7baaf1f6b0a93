import Cancel from '@mui/icons-material/Cancel';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useId, useState } from 'react';
import type { GroupSummary, UserSummary } from '../../../../shared/domain/directory';
import { FailureAlert } from '../../common/FailureAlert';
import type { RosterErrorData } from '../../../../shared/contract/errors';
import { useDebouncedValue } from '../../common/useDebouncedValue';
import { useSearchOptions } from '../../common/useSearchOptions';
import { roster } from '../../roster/roster';
import { useFeedback } from '../../store/feedbackStore';

const USER_OPTIONS = 50;

const userLabel = (user: UserSummary) => `${user.username} — ${user.displayName}`;

/**
 * Picks any number of users by part of their username, name or email, then adds them all in one
 * call. The group keeps members it already has, so picking one of them changes nothing.
 */
export function AddMembersDialog({
  instanceId,
  group,
  onAdded,
  onClose,
}: {
  instanceId: string;
  group: GroupSummary;
  onAdded: (group: GroupSummary) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [chosen, setChosen] = useState<UserSummary[]>([]);
  const [input, setInput] = useState('');
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<RosterErrorData>();
  const query = useDebouncedValue(input, 60);
  const searchUsers = useCallback(
    (text: string) =>
      roster().invoke('directory.users.search', {
        instanceId,
        page: { query: text, offset: 0, limit: USER_OPTIONS },
      }),
    [instanceId],
  );
  const options = useSearchOptions(searchUsers, query);

  const add = async () => {
    if (chosen.length === 0 || adding) return;
    setAdding(true);
    const result = await roster().invoke('directory.groups.addMembers', {
      instanceId,
      groupId: group.id,
      userIds: chosen.map((user) => user.id),
    });
    setAdding(false);
    if (!result.ok) return setError(result.error);
    useFeedback
      .getState()
      .show(
        'success',
        `${chosen.length.toLocaleString('en-US')} ${chosen.length === 1 ? 'user' : 'users'} added to ${group.name}.`,
      );
    onAdded(result.value);
    onClose();
  };

  const count = chosen.length.toLocaleString('en-US');
  const unchoose = (user: UserSummary) =>
    setChosen((current) => current.filter((other) => other.id !== user.id));
  return (
    <Dialog open onClose={onClose} aria-labelledby={`${id}-title`} maxWidth="sm" fullWidth>
      <DialogTitle id={`${id}-title`}>Add members to {group.name}</DialogTitle>
      {/* A fixed height: the open list of matches never covers the buttons, however many are chosen. */}
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 1, height: 440 }}>
        <Autocomplete
          multiple
          disableCloseOnSelect
          filterSelectedOptions
          options={options}
          value={chosen}
          onChange={(_, users) => {
            setChosen(users);
            setError(undefined);
          }}
          inputValue={input}
          // Keeps the typed text after a pick, so that the next match of the same search is one key away.
          onInputChange={(_, value, reason) => {
            if (reason !== 'reset') setInput(value);
          }}
          // The chosen users are listed below the field, where many of them stay readable.
          renderValue={() => null}
          getOptionLabel={userLabel}
          getOptionKey={(user) => user.id}
          isOptionEqualToValue={(option, value) => option.id === value.id}
          filterOptions={(all) => all}
          noOptionsText={query ? 'No user matches' : 'No users'}
          slotProps={{ listbox: { sx: { maxHeight: 260 } } }}
          renderInput={(params) => (
            <TextField
              {...params}
              autoFocus
              label="Users to add"
              placeholder="Type part of a username, name or email"
              helperText="Pick as many as you like. Users already in the group stay as they are."
            />
          )}
          sx={{ mt: 1 }}
        />
        {error ? <FailureAlert error={error} /> : null}
        <Typography variant="subtitle2" component="h3" id={`${id}-chosen`}>
          Chosen: {count}
        </Typography>
        <Box
          // Empty, it is a sentence, not a list: a list may hold only its items.
          role={chosen.length === 0 ? undefined : 'list'}
          aria-labelledby={chosen.length === 0 ? undefined : `${id}-chosen`}
          sx={{
            display: 'flex',
            flexWrap: 'wrap',
            alignContent: 'flex-start',
            gap: 0.5,
            flex: 1,
            overflowY: 'auto',
          }}
        >
          {chosen.length === 0 ? (
            <Typography variant="body2" sx={{ color: 'text.secondary' }}>
              Nobody yet.
            </Typography>
          ) : (
            chosen.map((user) => (
              <Chip
                key={user.id}
                role="listitem"
                size="small"
                label={userLabel(user)}
                onDelete={() => unchoose(user)}
                deleteIcon={
                  <Cancel role="button" aria-label={`Remove ${user.username}`} aria-hidden={false} />
                }
              />
            ))
          )}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={chosen.length === 0 || adding} onClick={() => void add()}>
          {chosen.length === 0 ? 'Add' : `Add ${count}`}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
