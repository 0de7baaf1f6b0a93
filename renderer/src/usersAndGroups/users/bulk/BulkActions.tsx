import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import ExpandMore from '@mui/icons-material/ExpandMore';
import ManageAccountsOutlined from '@mui/icons-material/ManageAccountsOutlined';
import ToggleOffOutlined from '@mui/icons-material/ToggleOffOutlined';
import ToggleOnOutlined from '@mui/icons-material/ToggleOnOutlined';
import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import { useId, useImperativeHandle, useState, type Ref } from 'react';
import type { BulkAction, UserSelection } from '../../../../../shared/domain/bulk';
import type { UserSummary } from '../../../../../shared/domain/directory';
import type { InstanceView } from '../../../../../shared/domain/instance';
import { mayManageRole, type Role } from '../../../../../shared/domain/roles';
import { useConfirm } from '../../../store/confirmStore';
import { useFeedback } from '../../../store/feedbackStore';
import { SetRoleDialog } from '../SetRoleDialog';
import { BulkJobDialog } from './BulkJobDialog';
import { useBulkJob } from './bulkJobStore';
import { usersCount, type ActionContext } from './bulkText';
import { GroupActionDialog } from './GroupActionDialog';
import { ResendInvitationsDialog } from './ResendInvitationsDialog';
import { requestSelection, selectedCount, type ListSelection } from './selection';

export interface BulkActionsCommands {
  deleteSelected: () => void;
  /** A row's own Delete, Enable and Disable: the toolbar's, on that user alone. */
  deleteUser: (user: UserSummary) => void;
  setUserEnabled: (user: UserSummary, enabled: boolean) => void;
}

/** The users an action is for: the list's selection, or one row. */
interface Target {
  selection: ListSelection;
  /** The selected rows, when the selection is by id (their names and states are known). */
  rows: readonly UserSummary[];
}

const oneUser = (user: UserSummary): Target => ({
  selection: { kind: 'ids', ids: new Set([user.id]) },
  rows: [user],
});

/** The username a job of one user is described by. */
const singleOf = ({ selection, rows }: Target) =>
  selection.kind === 'ids' && rows.length === 1 ? rows[0]?.username : undefined;

/** How many names a confirmation lists before "and N more". */
const SHOWN_NAMES = 5;

type Asking = 'role' | 'addToGroup' | 'removeFromGroup' | undefined;

/** Send new invites… asking for the links' terms: whom it is for, as found when it was chosen. */
interface Inviting {
  title: string;
  whom: string;
  selection: UserSelection;
}

interface Props {
  instance: InstanceView;
  selection: ListSelection;
  /** The selected rows, when the selection is by id (their names and states are known). */
  rows: readonly UserSummary[];
  callerRole: Role | undefined;
  /** After a delete: the selected users are gone. */
  onDeleted: () => void;
  ref?: Ref<BulkActionsCommands>;
}

/**
 * The Users tab's actions on its selection: Delete, Enable, Disable, Set role… and More. Each is one
 * bulk job on the instance, whatever the selection's size (a job of one for one user), followed in
 * BulkJobDialog.
 */
export function BulkActions({ instance, selection, rows, callerRole, onDeleted, ref }: Props) {
  const instanceId = instance.id;
  const [asking, setAsking] = useState<Asking>();
  const [inviting, setInviting] = useState<Inviting>();
  const [moreAnchor, setMoreAnchor] = useState<HTMLElement>();
  const menuId = useId();
  const starting = useBulkJob((state) => state.starting);
  const total = selectedCount(selection);
  const byId = selection.kind === 'ids';
  const selected: Target = { selection, rows };
  /** Whether the caller may change this user (a User manager: not Administrators or User managers). */
  const mayChange = (user: UserSummary) => callerRole === undefined || mayManageRole(callerRole, user.role);
  const manageable = rows.filter(mayChange);
  const users = usersCount(total);

  const run = (
    action: BulkAction,
    options: {
      context?: ActionContext;
      target?: Target;
      selection?: UserSelection;
      onFinished?: () => void;
    } = {},
  ) => {
    const target = options.target ?? selected;
    const request = options.selection ?? requestSelection(target.selection);
    if (!request) return;
    void useBulkJob.getState().start({
      instanceId,
      action,
      selection: request,
      context: options.context,
      single: singleOf(target),
      onFinished: options.onFinished,
    });
  };

  const deleteUsers = async (target: Target) => {
    const count = selectedCount(target.selection);
    if (count === 0) return;
    const listed = target.selection.kind === 'ids';
    if (listed) {
      // Deleting what the admin sees: a user their role may not delete is named before anything runs.
      const kept = target.rows.filter((user) => !mayChange(user));
      if (kept.length > 0)
        return useFeedback
          .getState()
          .show('warning', `Your role cannot delete ${kept.map((user) => user.username).join(', ')}.`);
    }
    const single = singleOf(target);
    const names = target.rows.slice(0, SHOWN_NAMES).map((user) => user.username);
    const more = target.rows.length - names.length;
    const confirmed = await useConfirm.getState().ask({
      title: single !== undefined ? `Delete ${single}?` : `Delete ${usersCount(count)}?`,
      message:
        single !== undefined
          ? `${single} will be removed from ${instance.name}, with its group memberships and tokens. This cannot be undone.`
          : listed
            ? `${names.join(', ')}${more > 0 ? ` and ${more} more` : ''} will be removed from ${instance.name}. This cannot be undone.`
            : `All ${usersCount(count)} that the list matches will be removed from ${instance.name}, with their group memberships and tokens. This cannot be undone.`,
      confirmLabel: 'Delete',
      destructive: true,
    });
    if (confirmed) run({ kind: 'delete' }, { target, onFinished: onDeleted });
  };
  const deleteSelected = () => deleteUsers(selected);

  const resetPasswords = async () => {
    setMoreAnchor(undefined);
    const confirmed = await useConfirm.getState().ask({
      title: `Reset the passwords of ${users}?`,
      message: `${users} ${total === 1 ? 'gets' : 'get'} a temporary password and must change it at their next sign-in; their sessions end. The passwords are shown once, when the work is done.`,
      confirmLabel: 'Reset passwords',
      destructive: true,
    });
    if (confirmed) run({ kind: 'resetPassword' });
  };

  // Only Invited users have an invitation to replace: a selection by id sends only those.
  const invited = rows.filter((user) => user.invited);
  const resendInvitations = () => {
    setMoreAnchor(undefined);
    const request: UserSelection | undefined =
      selection.kind === 'matching'
        ? {
            kind: 'matching',
            // "Any" status narrowed to the invited ones; another status is sent as it is, and
            // whoever is not invited is refused by name.
            filters: {
              ...selection.filters,
              status: selection.filters.status === 'any' ? 'invited' : selection.filters.status,
            },
            except: [...selection.except],
          }
        : invited.length > 0
          ? { kind: 'ids', userIds: invited.map((user) => user.id) }
          : undefined;
    if (!request) return;
    const whom = byId ? usersCount(invited.length) : `the invited users among the ${users} selected`;
    setInviting({
      title: byId ? `Send new invites to ${whom}?` : 'Send new invites?',
      whom: byId && invited.length === 1 ? (invited[0]?.username ?? '') : whom,
      selection: request,
    });
  };

  useImperativeHandle(ref, () => ({
    deleteSelected: () => void deleteSelected(),
    deleteUser: (user) => void deleteUsers(oneUser(user)),
    setUserEnabled: (user, enabled) =>
      run({ kind: enabled ? 'enable' : 'disable' }, { target: oneUser(user) }),
  }));

  const none = total === 0 || starting;
  return (
    <>
      <Tooltip
        title={
          byId && manageable.length < rows.length
            ? 'Your role cannot delete some of the selected users'
            : 'Delete the selected users (Delete)'
        }
      >
        <span>
          <Button
            startIcon={<DeleteOutlined />}
            // Deleting what is seen is all or none: a selection with a user the caller may not change is refused.
            disabled={none || (byId && manageable.length < rows.length)}
            onClick={() => void deleteSelected()}
          >
            Delete
          </Button>
        </span>
      </Tooltip>
      <Button
        startIcon={<ToggleOnOutlined />}
        disabled={none || (byId && !manageable.some((user) => !user.enabled))}
        onClick={() => run({ kind: 'enable' })}
      >
        Enable
      </Button>
      <Button
        startIcon={<ToggleOffOutlined />}
        disabled={none || (byId && !manageable.some((user) => user.enabled))}
        onClick={() => run({ kind: 'disable' })}
      >
        Disable
      </Button>
      <Button startIcon={<ManageAccountsOutlined />} disabled={none} onClick={() => setAsking('role')}>
        Set role…
      </Button>
      <Button
        endIcon={<ExpandMore />}
        disabled={none}
        aria-haspopup="menu"
        aria-controls={moreAnchor ? menuId : undefined}
        aria-expanded={moreAnchor ? 'true' : undefined}
        onClick={(event) => setMoreAnchor(event.currentTarget)}
      >
        More
      </Button>
      <Menu
        id={menuId}
        anchorEl={moreAnchor}
        open={moreAnchor !== undefined}
        onClose={() => setMoreAnchor(undefined)}
        slotProps={{ list: { 'aria-label': 'More actions on the selected users' } }}
      >
        <MenuItem
          onClick={() => {
            setMoreAnchor(undefined);
            setAsking('addToGroup');
          }}
        >
          Add to group…
        </MenuItem>
        <MenuItem
          onClick={() => {
            setMoreAnchor(undefined);
            setAsking('removeFromGroup');
          }}
        >
          Remove from group…
        </MenuItem>
        <MenuItem onClick={() => void resetPasswords()}>Reset passwords…</MenuItem>
        <MenuItem disabled={byId && invited.length === 0} onClick={resendInvitations}>
          Send new invites…
        </MenuItem>
      </Menu>
      {asking === 'role' ? (
        <SetRoleDialog
          subject={{ count: total, ...(byId ? { usernames: rows.map((user) => user.username) } : {}) }}
          callerRole={callerRole}
          onApply={(role) => {
            setAsking(undefined);
            run({ kind: 'setRole', role });
          }}
          onClose={() => setAsking(undefined)}
        />
      ) : null}
      {asking === 'addToGroup' || asking === 'removeFromGroup' ? (
        <GroupActionDialog
          instanceId={instanceId}
          mode={asking === 'addToGroup' ? 'add' : 'remove'}
          selected={total}
          onApply={(group) => {
            setAsking(undefined);
            run({ kind: asking, groupId: group.id }, { context: { groupName: group.name } });
          }}
          onClose={() => setAsking(undefined)}
        />
      ) : null}
      {inviting ? (
        <ResendInvitationsDialog
          title={inviting.title}
          whom={inviting.whom}
          local={instance.kind === 'local'}
          onApply={(terms) => {
            setInviting(undefined);
            run({ kind: 'resendInvitation', ...terms }, { selection: inviting.selection });
          }}
          onClose={() => setInviting(undefined)}
        />
      ) : null}
      <BulkJobDialog />
    </>
  );
}
