import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useCallback, useState } from 'react';
import { useDebouncedValue } from '../common/useDebouncedValue';
import { useSearchOptions } from '../common/useSearchOptions';
import { roster } from '../roster/roster';
import { useGroupOptions } from '../usersAndGroups/useGroupOptions';
import type { AuditTarget } from './auditFilters';

const USER_OPTIONS = 30;

const sameTarget = (a: AuditTarget, b: AuditTarget) => a.type === b.type && a.id === b.id;

/** "Target": a user or a group, searched by name on the main side as the admin types. */
export function TargetPicker({
  instanceId,
  value,
  onChange,
}: {
  instanceId: string;
  value: AuditTarget | undefined;
  onChange: (target: AuditTarget | undefined) => void;
}) {
  const [input, setInput] = useState('');
  const query = useDebouncedValue(input, 60);
  const searchUsers = useCallback(
    (text: string) =>
      roster().invoke('directory.users.search', {
        instanceId,
        page: { query: text, offset: 0, limit: USER_OPTIONS },
      }),
    [instanceId],
  );
  const users = useSearchOptions(searchUsers, query);
  const { options: groups } = useGroupOptions(instanceId, input);
  const options: AuditTarget[] = [
    ...users.map((user) => ({ type: 'user' as const, id: user.id, name: user.username })),
    ...groups.map((group) => ({ type: 'group' as const, id: group.id, name: group.name })),
  ];
  return (
    <Autocomplete
      size="small"
      options={options}
      value={value ?? null}
      onChange={(_, target) => onChange(target ?? undefined)}
      inputValue={input}
      onInputChange={(_, text) => setInput(text)}
      groupBy={(target) => (target.type === 'user' ? 'Users' : 'Groups')}
      getOptionLabel={(target) => target.name}
      getOptionKey={(target) => `${target.type}-${target.id}`}
      isOptionEqualToValue={sameTarget}
      filterOptions={(all) => all}
      noOptionsText={query ? 'No user or group matches' : 'No users or groups'}
      sx={{ width: 220 }}
      renderInput={(params) => <TextField {...params} label="Target" placeholder="User or group" />}
    />
  );
}
