import Refresh from '@mui/icons-material/Refresh';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type Ref,
} from 'react';
import type { UserSummary } from '../../../../shared/domain/directory';
import type { InstanceView } from '../../../../shared/domain/instance';
import { mayManageRole } from '../../../../shared/domain/roles';
import { FilterField } from '../../common/FilterField';
import { roster } from '../../roster/roster';
import { mayDiscardUserEdits } from '../discardGuard';
import { ListDetailLayout } from '../ListDetailLayout';
import { useShownColumns } from '../userColumnsStore';
import { callerMayWrite, dirtyEditor, useUserEditor } from '../userEditorStore';
import { InviteUserDialog } from './InviteUserDialog';
import { UserColumnsMenu } from './UserColumnsMenu';
import { UserEditor } from './UserEditor';
import { UserList } from './UserList';
import { UserRowActions } from './UserRowActions';
import { AddFilterMenu } from './filters/AddFilterMenu';
import { UserFilterChips } from './filters/UserFilterChips';
import { anyFilter, emptyListText, listingOf, NO_FILTERS, type UserFilters } from './filters/userFilters';
import { DEFAULT_SORT, effectiveSort, type UserSort } from './sorting/userSort';
import { usePagedRows, type FetchRows } from '../../common/usePagedRows';
import type { ActivateMode } from '../../common/useVirtualListNavigation';
import { FailureAlert } from '../../common/FailureAlert';
import type { BulkActionsCommands } from './bulk/BulkActions';
import { UserActions } from './UserActions';
import { SelectionBar, selectionSummary } from './bulk/SelectionBar';
import { usersCount } from './bulk/bulkText';
import { useBulkSelection } from './bulk/useBulkSelection';
import { ExportUsersButton } from './export/ExportUsersButton';
import type { ExportSubject } from './export/ExportUsersDialog';
import { UsersActionRow } from './UsersActionRow';
import { TooltipIconButton } from '../../common/TooltipIconButton';

export interface UsersTabCommands {
  newUser: () => void;
  deleteSelected: () => void;
  focusFilter: () => void;
}

const NO_ROWS: readonly UserSummary[] = [];
const REFRESH_ICON = <Refresh fontSize="small" />;

const countLabel = (total: number, filtered: boolean) => {
  const count = usersCount(total);
  return filtered ? `${count} ${total === 1 ? 'matches' : 'match'}` : count;
};

export function UsersTab({ instance, ref }: { instance: InstanceView; ref?: Ref<UsersTabCommands> }) {
  const instanceId = instance.id;
  // Every keystroke asks the main side at once (a search takes milliseconds); answers to
  // superseded queries are dropped by usePagedRows.
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<UserFilters>(NO_FILTERS);
  const columns = useShownColumns();
  const [chosenSort, setSort] = useState<UserSort>(DEFAULT_SORT);
  const sort = effectiveSort(chosenSort, columns);
  const { key: sortKey, direction } = sort;
  const [inviting, setInviting] = useState(false);
  const changes = useUserEditor((state) => state.changes);
  // The user the form shows, or is being read for: picking it again reads nothing anew.
  const editorUserId = useUserEditor((state) => state.opening ?? state.user?.id);
  const callerRole = useUserEditor((state) => state.role);
  // An Auditor reads: no control that changes anything is offered, and the shortcuts do nothing.
  const writable = useUserEditor(callerMayWrite);
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<number>>(new Set());
  const [activeIndex, setActiveIndex] = useState(-1);
  const [anchorIndex, setAnchorIndex] = useState(-1);
  const filterInput = useRef<HTMLInputElement>(null);
  const bulkActions = useRef<BulkActionsCommands>(null);

  // The main side filters and sorts: the list holds only the rows on screen, so it could do neither.
  const fetchPage = useCallback<FetchRows<UserSummary>>(
    (text, offset, limit) =>
      roster().invoke('directory.users.search', {
        instanceId,
        page: { query: text, ...listingOf(filters), sort: sortKey, direction, offset, limit },
      }),
    [instanceId, filters, sortKey, direction],
  );
  const paged = usePagedRows(query, fetchPage, 'users page');
  const { reload, askAhead } = paged;
  // The keystroke itself asks for the first page: the request is on its way while the tab draws.
  const onFilterChange = useCallback(
    (text: string) => {
      askAhead(text);
      setQuery(text);
    },
    [askAhead],
  );
  // Widens the selection by id to "every matching user" (Select all), for the bulk actions.
  const bulk = useBulkSelection({ query, filters, paged, selectedIds, setSelectedIds });

  useEffect(() => {
    if (changes > 0) reload();
  }, [changes, reload]);

  // Other rows, or the same ones elsewhere: a selection by position would point at the wrong users.
  // An empty selection is kept as it is: a new one would draw the whole tab again on every keystroke.
  useEffect(() => {
    setSelectedIds((ids) => (ids.size === 0 ? ids : new Set()));
    setActiveIndex(-1);
    setAnchorIndex(-1);
  }, [query, filters, sortKey, direction]);

  const selection = (): UserSummary[] => {
    const rows: UserSummary[] = [];
    for (let index = 0; index < paged.total && rows.length < selectedIds.size; index++) {
      const row = paged.rowAt(index);
      if (row && selectedIds.has(row.id)) rows.push(row);
    }
    return rows;
  };

  const onActivate = async (index: number, user: UserSummary, mode: ActivateMode) => {
    if (bulk.intercept(user, mode)) {
      setActiveIndex(index);
      return;
    }
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
    if (user.id !== editorUserId && !(await mayDiscardUserEdits())) return;
    setSelectedIds(new Set([user.id]));
    setActiveIndex(index);
    setAnchorIndex(index);
    if (user.id !== editorUserId) await useUserEditor.getState().open(user.id);
  };

  const mayWrite = () => callerMayWrite(useUserEditor.getState());

  const newUser = async () => {
    if (!mayWrite() || !(await mayDiscardUserEdits())) return;
    setSelectedIds(new Set());
    setActiveIndex(-1);
    await useUserEditor.getState().startNew();
  };

  // One bulk job, with its confirmation and summary (bulk/BulkActions), as the toolbar's Delete.
  const deleteSelected = () => {
    if (mayWrite()) bulkActions.current?.deleteSelected();
  };

  const clearAfterDelete = () => {
    bulk.clear();
    setActiveIndex(-1);
  };

  /** Reads the list again, and the open user too unless the admin has edits in it. */
  const refresh = () => {
    paged.reload();
    const editor = useUserEditor.getState();
    if (editor.mode === 'edit' && editor.user && !dirtyEditor(editor)) void editor.open(editor.user.id);
  };

  const exportSubject = (): ExportSubject => ({
    instanceId,
    query,
    filters,
    sort,
    shownColumns: columns,
    total: paged.total,
  });

  // The latest of each, behind functions that stay the same: the memoised actions, bars and list
  // keep their props, and a keystroke draws none of them. Set before the browser paints, so that
  // no click can reach an older one.
  const latest = useRef({ newUser, refresh, clearAfterDelete, onActivate, bulk, exportSubject });
  useLayoutEffect(() => {
    latest.current = { newUser, refresh, clearAfterDelete, onActivate, bulk, exportSubject };
  });
  const commands = useMemo(
    () => ({
      newUser: () => void latest.current.newUser(),
      invite: () => setInviting(true),
      refresh: () => latest.current.refresh(),
      clearAfterDelete: () => latest.current.clearAfterDelete(),
      activate: (index: number, user: UserSummary, mode: ActivateMode) =>
        void latest.current.onActivate(index, user, mode),
      exportSubject: () => latest.current.exportSubject(),
      selection: {
        selectAllLoaded: () => latest.current.bulk.selectAllLoaded(),
        selectAllMatching: () => latest.current.bulk.selectAllMatching(),
        clear: () => latest.current.bulk.clear(),
      },
    }),
    [],
  );
  const rowActions = useMemo(
    () =>
      writable
        ? (user: UserSummary) =>
            // A row the caller's role may not change has no buttons, as the toolbar refuses it.
            callerRole === undefined || mayManageRole(callerRole, user.role) ? (
              <UserRowActions user={user} bulkActions={bulkActions} />
            ) : null
        : undefined,
    [writable, callerRole],
  );

  useImperativeHandle(ref, () => ({
    newUser: () => void newUser(),
    deleteSelected,
    focusFilter: () => filterInput.current?.focus(),
  }));

  const selected = selectedIds.size === 0 ? NO_ROWS : selection();
  const filtered = query.trim() !== '' || anyFilter(filters);
  const actions = useMemo(
    () =>
      writable ? (
        <UserActions
          instance={instance}
          selection={bulk.selection}
          rows={selected}
          callerRole={callerRole}
          bulkActions={bulkActions}
          onNewUser={commands.newUser}
          onInvite={commands.invite}
          onImported={commands.refresh}
          onDeleted={commands.clearAfterDelete}
        />
      ) : null,
    [writable, instance, bulk.selection, selected, callerRole, commands],
  );
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
              onChange={onFilterChange}
            />
            <AddFilterMenu instanceId={instanceId} filters={filters} onChange={setFilters} />
            <UserColumnsMenu />
            <ExportUsersButton subject={commands.exportSubject} />
            <TooltipIconButton label="Refresh" icon={REFRESH_ICON} onClick={commands.refresh} />
          </Box>
          <UserFilterChips filters={filters} onChange={setFilters} />
          <UsersActionRow
            actions={actions}
            count={paged.loading ? 'Loading…' : countLabel(paged.total, filtered)}
          />
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
              {filtered
                ? emptyListText(filters, query)
                : `${instance.name} has no users yet.${writable ? ' Add one with Add user.' : ''}`}
            </Typography>
          ) : null}
          {writable && paged.total > 0 ? (
            <SelectionBar {...selectionSummary(bulk, paged.total, filtered)} commands={commands.selection} />
          ) : null}
          {/* Ctrl+A in the list selects every loaded row. A plain element: it has no style to work out. */}
          <div style={{ display: 'contents' }} onKeyDown={bulk.onListKeyDown}>
            <UserList
              paged={paged}
              selectedIds={bulk.shownIds}
              activeIndex={activeIndex}
              onActivate={commands.activate}
              label={`Users of ${instance.name}`}
              columns={columns}
              sort={sort}
              onSort={setSort}
              rowActions={rowActions}
            />
          </div>
        </>
      }
    >
      <UserEditor instance={instance} />
      {inviting ? (
        <InviteUserDialog instance={instance} callerRole={callerRole} onClose={() => setInviting(false)} />
      ) : null}
    </ListDetailLayout>
  );
}
