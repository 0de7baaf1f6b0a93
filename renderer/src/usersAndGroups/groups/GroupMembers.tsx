import PersonRemoveOutlined from '@mui/icons-material/PersonRemoveOutlined';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useState } from 'react';
import type { GroupSummary } from '../../../../shared/domain/directory';
import { useDebouncedValue } from '../../common/useDebouncedValue';
import { useSearchOptions } from '../../common/useSearchOptions';
import { roster } from '../../roster/roster';
import { useFeedback } from '../../store/feedbackStore';
import { UserList } from '../users/UserList';
import { usePagedUsers, type FetchPage } from '../users/usePagedUsers';

const USER_OPTIONS = 20;

/** A group's members, paged like the users list, with controls to add and remove them (when editable). */
export function GroupMembers({
  instanceId,
  group,
  editable,
  onChanged,
}: {
  instanceId: string;
  group: GroupSummary;
  editable: boolean;
  onChanged: () => void;
}) {
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<number>>(new Set());
  const [activeIndex, setActiveIndex] = useState(-1);
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
  const options = useSearchOptions(searchUsers, query);

  const fetchPage = useCallback<FetchPage>(
    (text, offset, limit) =>
      roster().invoke('directory.groups.members', {
        instanceId,
        groupId: group.id,
        page: { query: text, offset, limit },
      }),
    [instanceId, group.id],
  );
  const paged = usePagedUsers('', fetchPage);
  const { reload } = paged;

  useEffect(() => {
    reload();
  }, [group.memberCount, reload]);

  useEffect(() => {
    setSelectedIds(new Set());
    setActiveIndex(-1);
  }, [group.id]);

  const change = async (
    channel: 'directory.groups.addMembers' | 'directory.groups.removeMembers',
    userIds: number[],
  ) => {
    if (!editable) return;
    const result = await roster().invoke(channel, { instanceId, groupId: group.id, userIds });
    if (!result.ok) return useFeedback.getState().showError(result.error);
    setSelectedIds(new Set());
    onChanged();
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
      <Box sx={{ p: 1.5, pb: 1 }}>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
          {group.name}
        </Typography>
        <Typography variant="caption" role="status" sx={{ color: 'text.secondary' }}>
          {group.memberCount} member{group.memberCount === 1 ? '' : 's'}
        </Typography>
      </Box>
      {editable ? (
        <Box sx={{ display: 'flex', gap: 1, px: 1.5, pb: 1, alignItems: 'flex-start' }}>
          <Autocomplete
            sx={{ flex: 1 }}
            options={options}
            getOptionLabel={(user) => `${user.username} — ${user.displayName}`}
            filterOptions={(all) => all}
            inputValue={input}
            onInputChange={(_, value) => setInput(value)}
            value={null}
            onChange={(_, user) => {
              if (user) void change('directory.groups.addMembers', [user.id]);
              setInput('');
            }}
            noOptionsText="No user matches"
            renderInput={(params) => (
              <TextField {...params} label="Add member" placeholder="Type part of a username or email" />
            )}
          />
          <Tooltip title={selectedIds.size === 0 ? 'Select members in the list to remove them' : ''}>
            <span>
              <Button
                startIcon={<PersonRemoveOutlined />}
                disabled={selectedIds.size === 0}
                onClick={() => void change('directory.groups.removeMembers', [...selectedIds])}
                sx={{ mt: 0.5 }}
              >
                Remove
              </Button>
            </span>
          </Tooltip>
        </Box>
      ) : null}
      <UserList
        paged={paged}
        selectedIds={selectedIds}
        activeIndex={activeIndex}
        label={`Members of ${group.name}`}
        onActivate={(index, user, mode) => {
          const next = new Set(mode === 'single' ? [] : selectedIds);
          if (next.has(user.id) && mode === 'toggle') next.delete(user.id);
          else next.add(user.id);
          setSelectedIds(next);
          setActiveIndex(index);
        }}
      />
    </Box>
  );
}
