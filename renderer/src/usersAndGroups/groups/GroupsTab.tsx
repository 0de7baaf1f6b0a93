import Add from '@mui/icons-material/Add';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import type { GroupSummary } from '../../../../shared/domain/directory';
import type { InstanceView } from '../../../../shared/domain/instance';
import { FilterField } from '../../common/FilterField';
import { useDebouncedValue } from '../../common/useDebouncedValue';
import { roster } from '../../roster/roster';
import { useConfirm } from '../../store/confirmStore';
import { useFeedback } from '../../store/feedbackStore';
import { EmptySection } from '../EmptySection';
import { ListDetailLayout } from '../ListDetailLayout';
import { callerMayWrite, useUserEditor } from '../userEditorStore';
import { AddGroupDialog } from './AddGroupDialog';
import { GroupMembers } from './GroupMembers';

export interface GroupsTabCommands {
  newGroup: () => void;
  deleteSelected: () => void;
  focusFilter: () => void;
}

const GROUP_PAGE = 500;

export function GroupsTab({ instance, ref }: { instance: InstanceView; ref?: Ref<GroupsTabCommands> }) {
  const instanceId = instance.id;
  const [filter, setFilter] = useState('');
  const query = useDebouncedValue(filter, 40);
  const [groups, setGroups] = useState<GroupSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [selectedId, setSelectedId] = useState<number>();
  const [adding, setAdding] = useState(false);
  const changes = useUserEditor((state) => state.changes);
  // An Auditor reads groups and members; adding, deleting and changing members are left out.
  const writable = useUserEditor(callerMayWrite);
  const filterInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    const result = await roster().invoke('directory.groups.search', {
      instanceId,
      page: { query, offset: 0, limit: GROUP_PAGE },
    });
    if (!result.ok) return useFeedback.getState().showError(result.error);
    setGroups(result.value.items);
    setTotal(result.value.total);
  }, [instanceId, query]);

  useEffect(() => {
    void load();
  }, [load, changes]);

  const selected = groups.find((group) => group.id === selectedId);

  const deleteSelected = async () => {
    if (!selected || !callerMayWrite(useUserEditor.getState())) return;
    const members = `${selected.memberCount} member${selected.memberCount === 1 ? '' : 's'}`;
    const confirmed = await useConfirm.getState().ask({
      title: `Delete the group ${selected.name}?`,
      message: `${selected.name} has ${members}. The users stay; they only leave the group. This cannot be undone.`,
      confirmLabel: 'Delete',
      destructive: true,
    });
    if (!confirmed) return;
    // Only the group the admin confirmed: if its members changed meanwhile, they are told and asked again.
    const result = await roster().invoke('directory.groups.delete', {
      instanceId,
      groupId: selected.id,
      ifVersion: selected.version,
    });
    if (!result.ok) {
      if (result.error.code === 'STALE') useUserEditor.getState().noteChange();
      return useFeedback.getState().showError(result.error);
    }
    setSelectedId(undefined);
    useFeedback.getState().show('success', `The group ${selected.name} was deleted.`);
    useUserEditor.getState().noteChange();
  };

  useImperativeHandle(ref, () => ({
    newGroup: () => {
      if (callerMayWrite(useUserEditor.getState())) setAdding(true);
    },
    deleteSelected: () => void deleteSelected(),
    focusFilter: () => filterInput.current?.focus(),
  }));

  return (
    <ListDetailLayout
      columns="minmax(0, 1fr) minmax(0, 1.3fr)"
      list={
        <>
          <Box sx={{ p: 1.5, pb: 1 }}>
            <FilterField
              inputRef={filterInput}
              label="Filter groups"
              placeholder="Filter groups by name"
              value={filter}
              onChange={setFilter}
            />
          </Box>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, px: 1.5, pb: 1 }}>
            {writable ? (
              <>
                <Button startIcon={<Add />} variant="contained" onClick={() => setAdding(true)}>
                  Add group
                </Button>
                <Button
                  startIcon={<DeleteOutlined />}
                  disabled={!selected}
                  onClick={() => void deleteSelected()}
                >
                  Delete
                </Button>
              </>
            ) : null}
            <Box sx={{ flex: 1 }} />
            <Typography variant="caption" role="status" sx={{ color: 'text.secondary' }}>
              {total.toLocaleString('en-US')} {total === 1 ? 'group' : 'groups'}
            </Typography>
          </Box>
          <List
            aria-label={`Groups of ${instance.name}`}
            dense
            sx={{ flex: 1, overflow: 'auto', borderTop: 1, borderColor: 'divider', py: 0 }}
          >
            {groups.map((group) => (
              <ListItemButton
                key={group.id}
                selected={group.id === selectedId}
                onClick={() => setSelectedId(group.id)}
                onKeyDown={(event) => {
                  if (event.key === 'Delete') void deleteSelected();
                }}
              >
                <ListItemText
                  primary={group.name}
                  secondary={`${group.memberCount} member${group.memberCount === 1 ? '' : 's'}`}
                />
              </ListItemButton>
            ))}
            {total > groups.length ? (
              <Typography variant="caption" sx={{ display: 'block', p: 1.5, color: 'text.secondary' }}>
                Showing the first {groups.length} of {total}; type to narrow the list.
              </Typography>
            ) : null}
          </List>
        </>
      }
    >
      {selected ? (
        <GroupMembers
          instanceId={instanceId}
          group={selected}
          editable={writable}
          onChanged={() => useUserEditor.getState().noteChange()}
        />
      ) : (
        <EmptySection icon={<GroupsOutlined sx={{ fontSize: 44 }} />} title="No group selected">
          {writable ? 'Select a group to see and edit its members.' : 'Select a group to see its members.'}
        </EmptySection>
      )}
      {adding ? (
        <AddGroupDialog
          instanceId={instanceId}
          onCreated={(created) => {
            setSelectedId(created.id);
            useUserEditor.getState().noteChange();
          }}
          onClose={() => setAdding(false)}
        />
      ) : null}
    </ListDetailLayout>
  );
}
