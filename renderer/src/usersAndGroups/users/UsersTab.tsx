import Add from '@mui/icons-material/Add';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import ForwardToInboxOutlined from '@mui/icons-material/ForwardToInboxOutlined';
import ManageAccountsOutlined from '@mui/icons-material/ManageAccountsOutlined';
import Refresh from '@mui/icons-material/Refresh';
import ToggleOffOutlined from '@mui/icons-material/ToggleOffOutlined';
import ToggleOnOutlined from '@mui/icons-material/ToggleOnOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import type { UserStatus, UserSummary } from '../../../../shared/domain/directory';
import type { InstanceView } from '../../../../shared/domain/instance';
import { mayManageRole } from '../../../../shared/domain/roles';
import { FilterField } from '../../common/FilterField';
import { roster } from '../../roster/roster';
import { useConfirm } from '../../store/confirmStore';
import { useFeedback } from '../../store/feedbackStore';
import { mayDiscardEdits } from '../discardGuard';
import { ListDetailLayout } from '../ListDetailLayout';
import { useUserColumns, visibleColumns } from '../userColumnsStore';
import { callerMayWrite, dirtyEditor, useUserEditor } from '../userEditorStore';
import { InviteUserDialog } from './InviteUserDialog';
import { SetRoleDialog } from './SetRoleDialog';
import { UserColumnsMenu } from './UserColumnsMenu';
import { UserEditor } from './UserEditor';
import { UserList } from './UserList';
import { STATUS_LABELS, UserStatusFilter } from './UserStatusFilter';
import { usePagedUsers, type FetchPage } from './usePagedUsers';
import { FailureAlert } from '../../common/FailureAlert';

export interface UsersTabCommands {
  newUser: () => void;
  deleteSelected: () => void;
  focusFilter: () => void;
}

const countLabel = (total: number, filtered: boolean) => {
  const count = `${total.toLocaleString('en-US')} ${total === 1 ? 'user' : 'users'}`;
  return filtered ? `${count} ${total === 1 ? 'matches' : 'match'}` : count;
};

export function UsersTab({ instance, ref }: { instance: InstanceView; ref?: Ref<UsersTabCommands> }) {
  const instanceId = instance.id;
  // Every keystroke asks the main side at once (a search takes milliseconds); answers to
  // superseded queries are dropped by usePagedUsers.
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<UserStatus>('any');
  const hiddenColumns = useUserColumns((state) => state.hidden);
  const columns = useMemo(() => visibleColumns(hiddenColumns), [hiddenColumns]);
  const [inviting, setInviting] = useState(false);
  const changes = useUserEditor((state) => state.changes);
  const editorUserId = useUserEditor((state) => state.user?.id);
  const callerRole = useUserEditor((state) => state.role);
  // An Auditor reads: no control that changes anything is offered, and the shortcuts do nothing.
  const writable = useUserEditor(callerMayWrite);
  const [settingRole, setSettingRole] = useState<readonly UserSummary[]>();
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<number>>(new Set());
  const [activeIndex, setActiveIndex] = useState(-1);
  const [anchorIndex, setAnchorIndex] = useState(-1);
  const filterInput = useRef<HTMLInputElement>(null);

  const fetchPage = useCallback<FetchPage>(
    (text, offset, limit) =>
      roster().invoke('directory.users.search', { instanceId, page: { query: text, status, offset, limit } }),
    [instanceId, status],
  );
  const paged = usePagedUsers(query, fetchPage);
  const { reload } = paged;

  useEffect(() => {
    if (changes > 0) reload();
  }, [changes, reload]);

  useEffect(() => {
    setSelectedIds(new Set());
    setActiveIndex(-1);
  }, [query, status]);

  const selection = (): UserSummary[] => {
    const rows: UserSummary[] = [];
    for (let index = 0; index < paged.total && rows.length < selectedIds.size; index++) {
      const row = paged.rowAt(index);
      if (row && selectedIds.has(row.id)) rows.push(row);
    }
    return rows;
  };

  const onActivate = async (index: number, user: UserSummary, mode: 'single' | 'toggle' | 'range') => {
    if (mode === 'toggle') {
      const next = new Set(selectedIds);
      if (next.has(user.id)) next.delete(user.id);
      else next.add(user.id);
      setSelectedIds(next);
      setActiveIndex(index);
      setAnchorIndex(index);
      return;
    }
    if (mode === 'range' && anchorIndex >= 0) {
      const next = new Set<number>();
      for (let i = Math.min(anchorIndex, index); i <= Math.max(anchorIndex, index); i++) {
        const row = paged.rowAt(i);
        if (row) next.add(row.id);
      }
      setSelectedIds(next);
      setActiveIndex(index);
      return;
    }
    if (user.id !== editorUserId && !(await mayDiscardEdits())) return;
    setSelectedIds(new Set([user.id]));
    setActiveIndex(index);
    setAnchorIndex(index);
    if (user.id !== editorUserId) await useUserEditor.getState().open(user.id);
  };

  const mayWrite = () => callerMayWrite(useUserEditor.getState());
  /** Whether the caller may change this user (a User manager: not Administrators or User managers). */
  const mayChange = (user: UserSummary) => callerRole === undefined || mayManageRole(callerRole, user.role);

  const newUser = async () => {
    if (!mayWrite() || !(await mayDiscardEdits())) return;
    setSelectedIds(new Set());
    setActiveIndex(-1);
    await useUserEditor.getState().startNew();
  };

  const deleteSelected = async () => {
    const users = selection();
    if (users.length === 0 || !mayWrite()) return;
    const kept = users.filter((user) => !mayChange(user));
    if (kept.length > 0)
      return useFeedback
        .getState()
        .show('warning', `Your role cannot delete ${kept.map((user) => user.username).join(', ')}.`);
    const names = users.slice(0, 5).map((user) => user.username);
    const confirmed = await useConfirm.getState().ask({
      title: users.length === 1 ? `Delete ${names[0] ?? ''}?` : `Delete ${users.length} users?`,
      message:
        users.length === 1
          ? `${names[0] ?? ''} will be removed from ${instance.name}, with its group memberships and tokens. This cannot be undone.`
          : `${names.join(', ')}${users.length > names.length ? ` and ${users.length - names.length} more` : ''} will be removed from ${instance.name}. This cannot be undone.`,
      confirmLabel: 'Delete',
      destructive: true,
    });
    if (!confirmed) return;
    const result = await roster().invoke('directory.users.delete', {
      instanceId,
      userIds: users.map((user) => user.id),
    });
    if (!result.ok) return useFeedback.getState().showError(result.error);
    const editor = useUserEditor.getState();
    if (editor.user && users.some((user) => user.id === editor.user?.id)) editor.close();
    setSelectedIds(new Set());
    setActiveIndex(-1);
    editor.noteChange();
    useFeedback
      .getState()
      .show(
        'success',
        result.value.deleted === 1
          ? `${names[0] ?? ''} was deleted.`
          : `${result.value.deleted} users were deleted.`,
      );
  };

  const setEnabled = async (enabled: boolean) => {
    if (!mayWrite()) return;
    const users = selection()
      .filter(mayChange)
      .filter((user) => user.enabled !== enabled);
    for (const user of users) {
      const result = await roster().invoke('directory.users.setEnabled', {
        instanceId,
        userId: user.id,
        enabled,
      });
      if (!result.ok) return useFeedback.getState().showError(result.error);
      if (result.value.id === useUserEditor.getState().user?.id)
        useUserEditor.getState().refresh(result.value);
    }
    useUserEditor.getState().noteChange();
  };

  /** Reads the list again, and the open user too unless the admin has edits in it. */
  const refresh = () => {
    paged.reload();
    const editor = useUserEditor.getState();
    if (editor.mode === 'edit' && editor.user && !dirtyEditor(editor)) void editor.open(editor.user.id);
  };

  useImperativeHandle(ref, () => ({
    newUser: () => void newUser(),
    deleteSelected: () => void deleteSelected(),
    focusFilter: () => filterInput.current?.focus(),
  }));

  const selected = selection();
  const selectedManageable = selected.filter(mayChange);
  const filtered = query.trim() !== '' || status !== 'any';
  return (
    <ListDetailLayout
      // The list has the wider share: it has up to seven columns, the form one.
      columns="minmax(0, 1.6fr) minmax(360px, 1fr)"
      list={
        <>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, p: 1.5, pb: 1 }}>
            <FilterField
              inputRef={filterInput}
              autoFocus
              label="Filter users"
              placeholder="Filter by username, email or display name"
              value={query}
              onChange={setQuery}
            />
            <UserStatusFilter value={status} onChange={setStatus} />
            <UserColumnsMenu />
            <Tooltip title="Refresh">
              <IconButton aria-label="Refresh" onClick={refresh}>
                <Refresh fontSize="small" />
              </IconButton>
            </Tooltip>
          </Box>
          <Box
            sx={{
              display: 'flex',
              flexWrap: 'wrap',
              alignItems: 'center',
              gap: 0.5,
              px: 1.5,
              pb: 1,
              '& .MuiButton-root': { whiteSpace: 'nowrap' },
            }}
          >
            {writable ? (
              <>
                <Tooltip title="Add user (Ctrl+N)">
                  <Button startIcon={<Add />} variant="contained" onClick={() => void newUser()}>
                    Add user
                  </Button>
                </Tooltip>
                <Tooltip title="Invite a user to set their own password" describeChild>
                  <Button startIcon={<ForwardToInboxOutlined />} onClick={() => setInviting(true)}>
                    Invite user…
                  </Button>
                </Tooltip>
                <Tooltip
                  title={
                    selectedManageable.length < selected.length
                      ? 'Your role cannot delete some of the selected users'
                      : 'Delete the selected users (Delete)'
                  }
                >
                  <span>
                    <Button
                      startIcon={<DeleteOutlined />}
                      // Deleting is all or none: a selection with a user the caller may not change is refused.
                      disabled={selected.length === 0 || selectedManageable.length < selected.length}
                      onClick={() => void deleteSelected()}
                    >
                      Delete
                    </Button>
                  </span>
                </Tooltip>
                <Button
                  startIcon={<ToggleOnOutlined />}
                  disabled={!selectedManageable.some((user) => !user.enabled)}
                  onClick={() => void setEnabled(true)}
                >
                  Enable
                </Button>
                <Button
                  startIcon={<ToggleOffOutlined />}
                  disabled={!selectedManageable.some((user) => user.enabled)}
                  onClick={() => void setEnabled(false)}
                >
                  Disable
                </Button>
                <Button
                  startIcon={<ManageAccountsOutlined />}
                  disabled={selected.length === 0}
                  onClick={() => setSettingRole(selected)}
                >
                  Set role…
                </Button>
              </>
            ) : null}
            <Box sx={{ flex: 1 }} />
            <Typography variant="caption" role="status" aria-live="polite" sx={{ color: 'text.secondary' }}>
              {paged.loading ? 'Loading…' : countLabel(paged.total, filtered)}
            </Typography>
          </Box>
          {paged.error ? (
            <FailureAlert
              error={paged.error}
              onRetry={() => {
                // The instance could not be reached: its role and keychain were not read either.
                if (useUserEditor.getState().role === undefined) useUserEditor.getState().loadStatus();
                paged.reload();
              }}
              sx={{ mx: 1.5, mb: 1 }}
            />
          ) : null}
          {!paged.loading && !paged.error && paged.total === 0 ? (
            <Typography
              variant="body2"
              sx={{ px: 1.5, py: 2, color: 'text.secondary', borderTop: 1, borderColor: 'divider' }}
            >
              {!filtered
                ? `${instance.name} has no users yet.${writable ? ' Add one with Add user.' : ''}`
                : query.trim() === ''
                  ? `No user is ${STATUS_LABELS[status].toLowerCase()}.`
                  : `No ${status === 'any' ? '' : `${STATUS_LABELS[status].toLowerCase()} `}user matches "${query.trim()}".`}
            </Typography>
          ) : null}
          <UserList
            paged={paged}
            selectedIds={selectedIds}
            activeIndex={activeIndex}
            onActivate={(index, user, mode) => void onActivate(index, user, mode)}
            label={`Users of ${instance.name}`}
            columns={columns}
          />
        </>
      }
    >
      <UserEditor instance={instance} />
      {settingRole ? (
        <SetRoleDialog
          instanceId={instanceId}
          users={settingRole}
          callerRole={callerRole}
          onClose={() => setSettingRole(undefined)}
        />
      ) : null}
      {inviting ? (
        <InviteUserDialog instance={instance} callerRole={callerRole} onClose={() => setInviting(false)} />
      ) : null}
    </ListDetailLayout>
  );
}
