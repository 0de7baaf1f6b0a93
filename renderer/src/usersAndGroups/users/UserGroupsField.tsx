import Cancel from '@mui/icons-material/Cancel';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GroupSummary } from '../../../../shared/domain/directory';
import { useDebouncedValue } from '../../common/useDebouncedValue';
import { useSearchOptions } from '../../common/useSearchOptions';
import { roster } from '../../roster/roster';
import { useUserEditor } from '../userEditorStore';

const GROUP_OPTIONS = 50;

/**
 * The user's groups as removable chips, and a field that filters group names to add one; when the
 * form is read-only, the chips alone.
 */
export function UserGroupsField({ instanceId, editable }: { instanceId: string; editable: boolean }) {
  const groupIds = useUserEditor((state) => state.draft.groupIds);
  const savedGroups = useUserEditor((state) => state.user?.groups);
  const error = useUserEditor((state) => state.serverErrors.groupIds);
  const setField = useUserEditor((state) => state.setField);
  const [known, setKnown] = useState<ReadonlyMap<number, GroupSummary>>(new Map());
  const [input, setInput] = useState('');
  const query = useDebouncedValue(input, 60);
  const searchGroups = useCallback(
    (text: string) =>
      roster().invoke('directory.groups.search', {
        instanceId,
        page: { query: text, offset: 0, limit: GROUP_OPTIONS },
      }),
    [instanceId],
  );
  const options = useSearchOptions(searchGroups, query);

  useEffect(() => {
    if (savedGroups)
      setKnown((current) => new Map([...current, ...savedGroups.map((g) => [g.id, g] as const)]));
  }, [savedGroups]);

  const available = useMemo(
    () => options.filter((group) => !groupIds.includes(group.id)),
    [options, groupIds],
  );

  return (
    <Box>
      <Typography variant="subtitle2" component="h4" sx={{ mb: 1 }}>
        Groups
      </Typography>
      {groupIds.length === 0 ? (
        // Not an empty list: a list may only hold list items, and this sentence says it all.
        <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
          Not a member of any group.
        </Typography>
      ) : (
        <Box
          role="list"
          aria-label="Groups of this user"
          sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mb: 1 }}
        >
          {groupIds.map((id) => {
            const name = known.get(id)?.name ?? `Group ${id}`;
            return (
              <Chip
                key={id}
                role="listitem"
                label={name}
                {...(editable
                  ? {
                      onDelete: () =>
                        setField(
                          'groupIds',
                          groupIds.filter((other) => other !== id),
                        ),
                      deleteIcon: (
                        <Cancel role="button" aria-label={`Remove from ${name}`} aria-hidden={false} />
                      ),
                    }
                  : {})}
              />
            );
          })}
        </Box>
      )}
      {editable ? (
        <Autocomplete
          options={available}
          getOptionLabel={(group) => group.name}
          filterOptions={(all) => all}
          inputValue={input}
          onInputChange={(_, value) => setInput(value)}
          value={null}
          onChange={(_, group) => {
            if (!group) return;
            setKnown((current) => new Map(current).set(group.id, group));
            setField('groupIds', [...groupIds, group.id]);
            setInput('');
          }}
          noOptionsText={query ? 'No group matches' : 'No more groups'}
          renderInput={(params) => (
            <TextField
              {...params}
              label="Add to group"
              placeholder="Type part of a group name"
              error={!!error}
              helperText={error ?? ' '}
            />
          )}
        />
      ) : null}
    </Box>
  );
}
