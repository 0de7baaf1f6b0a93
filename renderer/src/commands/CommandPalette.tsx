import Box from '@mui/material/Box';
import Dialog from '@mui/material/Dialog';
import InputBase from '@mui/material/InputBase';
import Typography from '@mui/material/Typography';
import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { commandOf, type CommandId } from '../../../shared/commands/commands';
import { useApp } from '../store/appStore';
import { useInstances } from '../store/instancesStore';
import { useWorkbench, type PaletteState } from '../store/workbenchStore';
import { COMMAND_SURFACE } from './editCommands';
import { isMacPlatform } from './platform';
import { commandEntries, instanceEntries, type PaletteEntry } from './paletteEntries';
import { runCommand } from './runCommand';
import { targetsOf } from './instanceTargets';

function Shortcut({ keys }: { keys: string }) {
  return (
    <Typography
      component="kbd"
      variant="caption"
      aria-hidden
      sx={{
        fontFamily: 'inherit',
        color: 'text.secondary',
        border: 1,
        borderColor: 'divider',
        borderRadius: 0.5,
        px: 0.75,
        whiteSpace: 'nowrap',
      }}
    >
      {keys}
    </Typography>
  );
}

function Palette({ state, onClose }: { state: PaletteState; onClose: () => void }) {
  const host = useApp((app) => app.info?.host ?? 'browser');
  const recent = useApp((app) => app.preferences.recentCommands);
  const { instances, selectedId } = useInstances();
  const setWorkbench = useWorkbench((workbench) => workbench.set);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const list = useRef<HTMLDivElement>(null);

  const entries = useMemo(
    () =>
      state.step === 'command'
        ? commandEntries(query, { host, recent, mac: isMacPlatform() })
        : instanceEntries(query, state.command, instances, selectedId),
    [state, query, host, recent, instances, selectedId],
  );
  const current = Math.min(active, entries.length - 1);
  const optionId = (index: number) => `${listId}-${index}`;

  useLayoutEffect(() => {
    list.current?.querySelector(`[aria-selected="true"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const choose = (entry: PaletteEntry) => {
    if (state.step === 'instance') {
      onClose();
      return runCommand(state.command, entry.key);
    }
    const command = entry.key as CommandId;
    // Asks which instance, unless only one can take the command.
    const targets = commandOf(command).instance ? targetsOf(command, instances, selectedId) : [];
    if (targets.length > 1) {
      setQuery('');
      setActive(0);
      return setWorkbench({ palette: { step: 'instance', command } });
    }
    onClose();
    runCommand(command, targets[0]?.id);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + 8,
      PageUp: current - 8,
    };
    const move = moves[event.key];
    if (move !== undefined && entries.length > 0) {
      event.preventDefault();
      setActive(Math.max(0, Math.min(entries.length - 1, move)));
    } else if (event.key === 'Enter' && entries[current]) {
      event.preventDefault();
      choose(entries[current]);
    }
  };

  const prompt =
    state.step === 'command' ? 'Type a command' : `${commandOf(state.command).label} — which instance?`;

  return (
    <Box {...{ [COMMAND_SURFACE]: '' }}>
      <InputBase
        autoFocus
        fullWidth
        value={query}
        placeholder={prompt}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        inputProps={{
          role: 'combobox',
          'aria-label': prompt,
          'aria-expanded': true,
          'aria-controls': listId,
          'aria-autocomplete': 'list',
          'aria-activedescendant': entries[current] ? optionId(current) : undefined,
        }}
        sx={{ px: 2, py: 1.25, borderBottom: 1, borderColor: 'divider' }}
      />
      <Box
        ref={list}
        id={listId}
        role="listbox"
        aria-label={state.step === 'command' ? 'Commands' : 'Instances'}
        sx={{ maxHeight: 360, overflow: 'auto', py: 0.5 }}
      >
        {entries.map((entry, index) => (
          <Box
            key={entry.key}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            aria-keyshortcuts={entry.shortcut}
            onMouseMove={() => index !== current && setActive(index)}
            onClick={() => choose(entry)}
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 1.5,
              px: 2,
              py: 0.75,
              cursor: 'pointer',
              '&[aria-selected="true"]': { bgcolor: 'action.selected' },
            }}
          >
            <Typography variant="body2" sx={{ flex: 1, minWidth: 0 }} noWrap>
              {entry.title}
            </Typography>
            {entry.recent ? (
              <Typography variant="caption" sx={{ color: 'text.secondary' }}>
                recently used
              </Typography>
            ) : null}
            <Typography variant="caption" sx={{ color: 'text.secondary' }} noWrap>
              {entry.detail}
            </Typography>
            {entry.shortcut ? <Shortcut keys={entry.shortcut} /> : null}
          </Box>
        ))}
      </Box>
      {entries.length === 0 ? (
        <Typography variant="body2" sx={{ px: 2, py: 1.5, color: 'text.secondary' }}>
          {state.step === 'command' ? 'No command matches.' : 'No instance matches.'}
        </Typography>
      ) : null}
    </Box>
  );
}

/** Every command, found by typing (Ctrl/Cmd+Shift+P): the same list the menus are made from. */
export function CommandPaletteHost() {
  const state = useWorkbench((workbench) => workbench.palette);
  const setWorkbench = useWorkbench((workbench) => workbench.set);
  const close = () => setWorkbench({ palette: undefined });
  return (
    <Dialog
      open={state !== undefined}
      onClose={close}
      fullWidth
      maxWidth="sm"
      sx={{ '& .MuiDialog-container': { alignItems: 'flex-start' } }}
      slotProps={{ paper: { 'aria-label': 'Command palette', sx: { mt: 8 } } }}
    >
      {/* Keyed by step, so that choosing an instance starts with an empty text. */}
      {state ? <Palette key={state.step} state={state} onClose={close} /> : null}
    </Dialog>
  );
}
