import Add from '@mui/icons-material/Add';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import type { GroupSummary } from '../../../../shared/domain/directory';
import type { InstanceView } from '../../../../shared/domain/instance';
import { FailureAlert } from '../../common/FailureAlert';
import { FilterField } from '../../common/FilterField';
import { TooltipIconButton } from '../../common/TooltipIconButton';
import { useDebouncedValue } from '../../common/useDebouncedValue';
import { roster } from '../../roster/roster';
import { useConfirm } from '../../store/confirmStore';
import { useFeedback } from '../../store/feedbackStore';
import type { ActivateMode } from '../../common/useVirtualListNavigation';
import { mayDiscardGroupEdits } from '../discardGuard';
import { EmptySection } from '../EmptySection';
import { useGroupDraft } from '../groupDraftStore';
import { ListDetailLayout } from '../ListDetailLayout';
import { callerMayWrite, useUserEditor } from '../userEditorStore';
import { AddGroupDialog } from './AddGroupDialog';
import { deleteConfirmation, membersText } from './deleteGroups';
import { GroupDetail } from './GroupDetail';
import { SelectedGroups } from './SelectedGroups';
import { useListSelection } from './useListSelection';
import { usePagedRows, type FetchRows } from '../../common/usePagedRows';
import { SelectionListbox } from './SelectionListbox';

export interface GroupsTabCommands {
  newGroup: () => void;
  deleteSelected: () => void;
  focusFilter: () => void;
}

const ROW_HEIGHT = 52;

const countLabel = (total: number, filtered: boolean) => {
  const count = `${total.toLocaleString('en-US')} ${total === 1 ? 'group' : 'groups'}`;
  return filtered ? `${count} ${total === 1 ? 'matches' : 'match'}` : count;
};

export function GroupsTab({ instance, ref }: { instance: InstanceView; ref?: Ref<GroupsTabCommands> }) {
  const instanceId = instance.id;
  const [filter, setFilter] = useState('');
  const query = useDebouncedValue(filter, 40);
  const [adding, setAdding] = useState(false);
  const changes = useUserEditor((state) => state.changes);
  // An Auditor reads groups and members; adding, renaming, deleting and changing members are left out.
  const writable = useUserEditor(callerMayWrite);
  const filterInput = useRef<HTMLInputElement>(null);

  const fetchGroups = useCallback<FetchRows<GroupSummary>>(
    (text, offset, limit) =>
      roster().invoke('directory.groups.search', { instanceId, page: { query: text, offset, limit } }),
    [instanceId],
  );
  const paged = usePagedRows(query, fetchGroups);
  const listSelection = useListSelection(paged);
  const { activate } = listSelection;
  // A pick that would take the open group's form away asks first when the form has unsaved edits.
  const guardedActivate = useCallback(
    (index: number, row: GroupSummary, mode: ActivateMode) =>
      void (async () => {
        const { edited } = useGroupDraft.getState();
        const keepsForm = edited && mode === 'single' && row.id === edited.groupId;
        if (!keepsForm && !(await mayDiscardGroupEdits())) return;
        activate(index, row, mode);
      })(),
    [activate],
  );
  const selection = useMemo(
    () => ({ ...listSelection, activate: guardedActivate }),
    [listSelection, guardedActivate],
  );
  const { reload } = paged;
  const { clear } = selection;

  useEffect(() => {
    if (changes > 0) reload();
  }, [changes, reload]);

  useEffect(() => {
    clear();
  }, [query, clear]);

  const selected = [...selection.selected.values()];
  const [open] = selected.length === 1 ? selected : [];

  /** Deletes these groups after the same question, whether asked from the toolbar or a row. */
  const deleteGroups = async (chosen: readonly GroupSummary[]) => {
    if (chosen.length === 0 || !callerMayWrite(useUserEditor.getState())) return;
    // The question names the groups as they are now: the rows on screen may predate the last change.
    const current = new Map((await paged.loadAll())?.map((group) => [group.id, group]));
    const groups = chosen.map((group) => current.get(group.id) ?? group);
    const confirmed = await useConfirm.getState().ask(deleteConfirmation(groups));
    if (!confirmed) return;
    const [only] = groups;
    const result =
      groups.length === 1 && only
        ? // Only the group the admin confirmed: if its members changed meanwhile, they are told and asked again.
          await roster().invoke('directory.groups.delete', {
            instanceId,
            groupId: only.id,
            ifVersion: only.version,
          })
        : await roster().invoke('directory.groups.deleteMany', {
            instanceId,
            groupIds: groups.map((group) => group.id),
          });
    if (!result.ok) {
      if (result.error.code === 'STALE') useUserEditor.getState().noteChange();
      return useFeedback.getState().showError(result.error);
    }
    clear();
    useFeedback
      .getState()
      .show(
        'success',
        groups.length === 1 && only
          ? `The group ${only.name} was deleted.`
          : `${groups.length.toLocaleString('en-US')} groups were deleted.`,
      );
    useUserEditor.getState().noteChange();
  };
  const deleteSelected = () => deleteGroups(selected);

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
                  disabled={selected.length === 0}
                  onClick={() => void deleteSelected()}
                >
                  Delete
                </Button>
              </>
            ) : null}
            <Box sx={{ flex: 1 }} />
            <Typography variant="caption" role="status" sx={{ color: 'text.secondary' }}>
              {countLabel(paged.total, query.trim() !== '')}
            </Typography>
          </Box>
          {paged.error ? (
            <Box sx={{ px: 1.5, pb: 1 }}>
              <FailureAlert error={paged.error} onRetry={reload} />
            </Box>
          ) : null}
          <SelectionListbox
            paged={paged}
            selection={selection}
            label={`Groups of ${instance.name}`}
            idPrefix="group"
            rowHeight={ROW_HEIGHT}
            renderRow={(group) => <GroupRow group={group} />}
            rowActions={
              writable
                ? (group) => (
                    <TooltipIconButton
                      size="small"
                      label={`Delete ${group.name}`}
                      icon={<DeleteOutlined fontSize="small" />}
                      onClick={() => void deleteGroups([group])}
                    />
                  )
                : undefined
            }
            empty={
              <Typography variant="body2" sx={{ p: 1.5, color: 'text.secondary' }}>
                {query.trim() === '' ? 'No groups yet.' : 'No group matches the filter.'}
              </Typography>
            }
          />
        </>
      }
    >
      {open ? (
        <GroupDetail
          key={open.id}
          instanceId={instanceId}
          groupId={open.id}
          editable={writable}
          onChanged={() => useUserEditor.getState().noteChange()}
          onGone={clear}
        />
      ) : selected.length > 1 ? (
        <SelectedGroups groups={selected} editable={writable} onDelete={() => void deleteSelected()} />
      ) : (
        <EmptySection icon={<GroupsOutlined sx={{ fontSize: 44 }} />} title="No group selected">
          {writable
            ? 'Select a group to see and edit it and its members; Ctrl or Shift and click to select several.'
            : 'Select a group to see its members.'}
        </EmptySection>
      )}
      {adding ? (
        <AddGroupDialog
          instanceId={instanceId}
          onCreated={(created) => {
            selection.selectOnly(created);
            useUserEditor.getState().noteChange();
          }}
          onClose={() => setAdding(false)}
        />
      ) : null}
    </ListDetailLayout>
  );
}

/** A group's row: its name, its description (cut to one line) and its member count. */
function GroupRow({ group }: { group: GroupSummary }) {
  return (
    <>
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="body2" noWrap sx={{ fontWeight: 600 }}>
          {group.name}
        </Typography>{' '}
        {group.description === '' ? null : (
          <Typography variant="caption" noWrap component="div" sx={{ color: 'text.secondary' }}>
            {group.description}
          </Typography>
        )}
      </Box>{' '}
      <Typography variant="caption" sx={{ color: 'text.secondary', flexShrink: 0 }}>
        {membersText(group.memberCount)}
      </Typography>
    </>
  );
}
