import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import ToggleOffOutlined from '@mui/icons-material/ToggleOffOutlined';
import ToggleOnOutlined from '@mui/icons-material/ToggleOnOutlined';
import type { RefObject } from 'react';
import type { UserSummary } from '../../../../shared/domain/directory';
import { TooltipIconButton } from '../../common/TooltipIconButton';
import type { BulkActionsCommands } from './bulk/BulkActions';

/** A user's row buttons, as seed 000 has them: enable or disable, and delete, each as the toolbar does it. */
export function UserRowActions({
  user,
  bulkActions,
}: {
  user: UserSummary;
  bulkActions: RefObject<BulkActionsCommands | null>;
}) {
  return (
    <>
      {user.enabled ? (
        <TooltipIconButton
          size="small"
          label={`Disable ${user.username}`}
          icon={<ToggleOffOutlined fontSize="small" />}
          onClick={() => bulkActions.current?.setUserEnabled(user, false)}
        />
      ) : (
        <TooltipIconButton
          size="small"
          label={`Enable ${user.username}`}
          icon={<ToggleOnOutlined fontSize="small" />}
          onClick={() => bulkActions.current?.setUserEnabled(user, true)}
        />
      )}
      <TooltipIconButton
        size="small"
        label={`Delete ${user.username}`}
        icon={<DeleteOutlined fontSize="small" />}
        onClick={() => bulkActions.current?.deleteUser(user)}
      />
    </>
  );
}
