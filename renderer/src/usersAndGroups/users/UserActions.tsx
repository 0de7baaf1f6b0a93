import Add from '@mui/icons-material/Add';
import ForwardToInboxOutlined from '@mui/icons-material/ForwardToInboxOutlined';
import Button from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import { memo, type RefObject } from 'react';
import type { UserSummary } from '../../../../shared/domain/directory';
import type { InstanceView } from '../../../../shared/domain/instance';
import type { Role } from '../../../../shared/domain/roles';
import { BulkActions, type BulkActionsCommands } from './bulk/BulkActions';
import type { ListSelection } from './bulk/selection';
import { ImportUsersButton } from './import/ImportUsersButton';

interface Props {
  instance: InstanceView;
  selection: ListSelection;
  rows: readonly UserSummary[];
  callerRole: Role | undefined;
  bulkActions: RefObject<BulkActionsCommands | null>;
  onNewUser: () => void;
  onInvite: () => void;
  onImported: () => void;
  onDeleted: () => void;
}

/**
 * The Users tab's commands that change something: Add user, Invite user…, Import… and the bulk
 * actions on the selection. Memoised, with stable props while the admin types: a keystroke draws
 * the filter and the list, not these buttons.
 */
export const UserActions = memo(function UserActions({
  instance,
  selection,
  rows,
  callerRole,
  bulkActions,
  onNewUser,
  onInvite,
  onImported,
  onDeleted,
}: Props) {
  return (
    <>
      <Tooltip title="Add user (Ctrl+N)">
        <Button startIcon={<Add />} variant="contained" onClick={onNewUser}>
          Add user
        </Button>
      </Tooltip>
      <Tooltip title="Invite a user to set their own password" describeChild>
        <Button startIcon={<ForwardToInboxOutlined />} onClick={onInvite}>
          Invite user…
        </Button>
      </Tooltip>
      <ImportUsersButton instanceId={instance.id} local={instance.kind === 'local'} onImported={onImported} />
      <BulkActions
        ref={bulkActions}
        instance={instance}
        selection={selection}
        rows={rows}
        callerRole={callerRole}
        onDeleted={onDeleted}
      />
    </>
  );
});
