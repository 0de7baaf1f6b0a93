import CloudOutlined from '@mui/icons-material/CloudOutlined';
import ComputerOutlined from '@mui/icons-material/ComputerOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import Refresh from '@mui/icons-material/Refresh';
import Box from '@mui/material/Box';
import { red } from '@mui/material/colors';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { InstanceView } from '../../../shared/domain/instance';
import { mendingButton, retryMayHelp } from '../common/remoteFailure';
import { ConnectionStateDot, connectionStateLabel } from './ConnectionStateDot';

const CAPTIONS: Record<InstanceView['state'], string> = {
  connected: 'remote',
  connecting: 'connecting…',
  offline: 'offline',
  error: 'error',
};

/** The word shown after an instance's name: its kind while all is well, else its state. */
const captionOf = (instance: InstanceView): string =>
  instance.kind === 'local' ? 'local' : CAPTIONS[instance.state];

/**
 * A node's accessible name: what it shows (name, caption), in that order, so that a voice command
 * naming what is on screen finds it, then the kind and state the caption leaves out.
 */
export function instanceNodeName(instance: InstanceView): string {
  const caption = captionOf(instance).replace('…', '');
  const kind = `${instance.kind} instance`;
  return caption === instance.kind
    ? `${instance.name}, ${kind}, ${connectionStateLabel(instance).toLowerCase()}`
    : `${instance.name}, ${caption}, ${kind}`;
}

interface Props {
  instance: InstanceView;
  /**
   * Connects again; offered on the node itself while the instance is in error, unless the failure
   * is one that connecting again cannot mend (a wrong or reset password).
   */
  onRetry: () => void;
  /**
   * Opens Edit connection…, offered next to Retry: many failures (a wrong or reset password, a
   * locked account, a wrong address) do not pass by retrying, only by changing the connection.
   */
  onEditConnection: () => void;
}

export function InstanceLabel({ instance, onRetry, onEditConnection }: Props) {
  const isLocal = instance.kind === 'local';
  const Icon = isLocal ? ComputerOutlined : CloudOutlined;
  const state = connectionStateLabel(instance);
  const tooltip = isLocal
    ? (instance.stateDetail ?? 'Local instance')
    : `${state}${instance.stateDetail ? `: ${instance.stateDetail}` : ''}`;
  const nodeButton = (label: string, title: string, icon: ReactNode, onClick: () => void) => (
    <Tooltip title={title}>
      <IconButton
        size="small"
        aria-label={label}
        // The tree owns keyboard focus; the context menu offers the same commands from the keyboard.
        tabIndex={-1}
        onClick={(event) => {
          event.stopPropagation();
          onClick();
        }}
        sx={{ p: 0.25 }}
      >
        {icon}
      </IconButton>
    </Tooltip>
  );
  return (
    <Tooltip title={tooltip} placement="right" enterDelay={400}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.25, minWidth: 0 }}>
        <Icon fontSize="small" sx={{ color: 'text.secondary' }} aria-hidden />
        <Typography variant="body2" noWrap sx={{ flex: 1, minWidth: 0 }}>
          {instance.name}
        </Typography>{' '}
        <Typography
          variant="caption"
          sx={{
            // Small text on a selected, focused node (#d0e0f2 in the light theme, a mid blue-grey in
            // the dark one): the deepest red, or in the dark the palest, keeps WCAG AA's 4.5:1 there;
            // the theme's error red would not (4.2:1 in the light theme, 3.8:1 in the dark).
            color: (theme) =>
              instance.state !== 'error'
                ? theme.palette.text.secondary
                : theme.palette.mode === 'light'
                  ? red[900]
                  : red[100],
          }}
        >
          {captionOf(instance)}
        </Typography>
        {!isLocal && instance.state === 'error' ? (
          <>
            {retryMayHelp(instance)
              ? nodeButton(
                  `Retry connecting to ${instance.name}`,
                  'Retry connection',
                  <Refresh sx={{ fontSize: 16 }} />,
                  onRetry,
                )
              : null}
            {nodeButton(
              mendingButton(instance).name,
              mendingButton(instance).label,
              <EditOutlined sx={{ fontSize: 16 }} />,
              onEditConnection,
            )}
          </>
        ) : null}
        <Box component="span" sx={{ display: 'inline-flex' }}>
          <ConnectionStateDot instance={instance} />
        </Box>
      </Box>
    </Tooltip>
  );
}
