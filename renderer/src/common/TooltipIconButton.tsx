import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { memo, type ReactNode } from 'react';

/**
 * An icon button named by its tooltip: a toolbar's (Refresh) or a list row's own, small and named
 * for the row it acts on ("Delete ada"). Memoised: given a stable onClick, a render around it (a
 * keystroke in the toolbar's filter) leaves it be.
 */
export const TooltipIconButton = memo(function TooltipIconButton({
  label,
  icon,
  onClick,
  size = 'medium',
}: {
  label: string;
  icon: ReactNode;
  onClick: () => void;
  size?: 'small' | 'medium';
}) {
  return (
    <Tooltip title={label}>
      <IconButton size={size} aria-label={label} onClick={onClick}>
        {icon}
      </IconButton>
    </Tooltip>
  );
});
