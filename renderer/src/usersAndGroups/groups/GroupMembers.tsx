import GroupAddOutlined from '@mui/icons-material/GroupAddOutlined';
import PersonRemoveOutlined from '@mui/icons-material/PersonRemoveOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useState } from 'react';
import type { GroupSummary, UserSummary } from '../../../../shared/domain/directory';
import { FailureAlert } from '../../common/FailureAlert';
import { FilterField } from '../../common/FilterField';
import { useDebouncedValue } from '../../common/useDebouncedValue';
import { roster } from '../../roster/roster';
import { useFeedback } from '../../store/feedbackStore';
import { AddMembersDialog } from './AddMembersDialog';
import { useListSelection } from './useListSelection';
import { usePagedRows, type FetchRows } from '../../common/usePagedRows';
import { TooltipIconButton } from '../../common/TooltipIconButton';
import { SelectionListbox } from './SelectionListbox';

const ROW_HEIGHT = 40;

/** A group's members, filtered and paged, with Add members… and Remove (when editable). */
export function GroupMembers({
  instanceId,
  group,
  editable,
  onChanged,
}: {
  instanceId: string;
  group: GroupSummary;
  editable: boolean;
  onChanged: (group: GroupSummary) => void;
}) {
  const [filter, setFilter] = useState('');
  const query = useDebouncedValue(filter, 40);
  const [adding, setAdding] = useState(false);

  const fetchMembers = useCallback<FetchRows<UserSummary>>(
    (text, offset, limit) =>
      roster().invoke('directory.groups.members', {
        instanceId,
        groupId: group.id,
        page: { query: text, offset, limit },
      }),
    [instanceId, group.id],
  );
  const paged = usePagedRows(query, fetchMembers);
  const selection = useListSelection(paged);
  const { reload } = paged;
  const { clear } = selection;

  // The group's version moves with every change of its members, whoever made it.
  useEffect(() => {
    reload();
  }, [group.version, reload]);

  useEffect(() => {
    clear();
  }, [query, group.id, clear]);

  /** Takes these users out of the group, from the toolbar (the selection) or a member's row. */
  const remove = async (userIds: number[]) => {
    if (!editable || userIds.length === 0) return;
    const result = await roster().invoke('directory.groups.removeMembers', {
      instanceId,
      groupId: group.id,
      userIds,
    });
    if (!result.ok) return useFeedback.getState().showError(result.error);
    clear();
    onChanged(result.value);
  };

  const filtered = query.trim() !== '';
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 1.5, pt: 0.5, pb: 1 }}>
        <Typography variant="subtitle2" component="h4" sx={{ flex: 1 }}>
          Members
        </Typography>
        {editable ? (
          <>
            <Button startIcon={<GroupAddOutlined />} onClick={() => setAdding(true)}>
              Add members…
            </Button>
            <Tooltip title={selection.selected.size === 0 ? 'Select members in the list to remove them' : ''}>
              <span>
                <Button
                  startIcon={<PersonRemoveOutlined />}
                  disabled={selection.selected.size === 0}
                  onClick={() => void remove([...selection.selected.keys()])}
                >
                  Remove
                </Button>
              </span>
            </Tooltip>
          </>
        ) : null}
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 1.5, pb: 1 }}>
        <FilterField
          label={`Filter members of ${group.name}`}
          placeholder="Filter members by username, name or email"
          value={filter}
          onChange={setFilter}
        />
        {filtered ? (
          <Typography
            variant="caption"
            role="status"
            sx={{ color: 'text.secondary', flexShrink: 0, whiteSpace: 'nowrap' }}
          >
            {paged.total.toLocaleString('en-US')} of {group.memberCount.toLocaleString('en-US')} match
          </Typography>
        ) : null}
      </Box>
      {paged.error ? (
        <Box sx={{ px: 1.5, pb: 1 }}>
          <FailureAlert error={paged.error} onRetry={reload} />
        </Box>
      ) : null}
      <SelectionListbox
        paged={paged}
        selection={selection}
        label={`Members of ${group.name}`}
        idPrefix="member"
        rowHeight={ROW_HEIGHT}
        renderRow={(user) => <MemberRow user={user} />}
        rowActions={
          editable
            ? (user) => (
                <TooltipIconButton
                  size="small"
                  label={`Remove ${user.username} from ${group.name}`}
                  icon={<PersonRemoveOutlined fontSize="small" />}
                  onClick={() => void remove([user.id])}
                />
              )
            : undefined
        }
        empty={
          <Typography variant="body2" sx={{ p: 1.5, color: 'text.secondary' }}>
            {filtered ? 'No member matches the filter.' : 'No members yet.'}
          </Typography>
        }
      />
      {adding ? (
        <AddMembersDialog
          instanceId={instanceId}
          group={group}
          onAdded={onChanged}
          onClose={() => setAdding(false)}
        />
      ) : null}
    </Box>
  );
}

/** A member's row: username, display name and email, and whether the account is disabled. */
function MemberRow({ user }: { user: UserSummary }) {
  return (
    <Box
      sx={{
        flex: 1,
        minWidth: 0,
        display: 'grid',
        gridTemplateColumns: 'minmax(0, 1.1fr) minmax(0, 1fr) minmax(0, 1.4fr) auto',
        alignItems: 'center',
        gap: 1,
        '& > .cell': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
      }}
    >
      <span className="cell" style={{ fontWeight: 600 }}>
        {user.username}
      </span>{' '}
      <span className="cell">{user.displayName}</span>{' '}
      <Box component="span" className="cell" sx={{ color: 'text.secondary' }}>
        {user.email}
      </Box>{' '}
      <span>
        {user.enabled ? null : <Chip label="Disabled" size="small" variant="outlined" />}
        {user.invited ? <Chip label="Invited" size="small" color="info" variant="outlined" /> : null}
      </span>
    </Box>
  );
}
