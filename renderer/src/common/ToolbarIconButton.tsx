import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { memo, type ReactNode } from 'react';

/**
 * An icon button in a toolbar, with its tooltip. Memoised: given a stable onClick, a render of the
 * toolbar around it (a keystroke in its filter) leaves it be.
 */
export const ToolbarIconButton = memo(function ToolbarIconButton({
  label,
  icon,
  onClick,
}: {
  label: string;
  icon: ReactNode;
  onClick: () => void;
}) {
  return (
    <Tooltip title={label}>
      <IconButton aria-label={label} onClick={onClick}>
        {icon}
      </IconButton>
    </Tooltip>
  );
});
