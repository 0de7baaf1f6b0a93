import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import Box from '@mui/material/Box';
import { Fragment, useRef, useState, type KeyboardEvent } from 'react';
import { shortcutOf } from '../../../shared/commands/accelerators';
import {
  commandMenus,
  commandOf,
  menuGroups,
  MENU_LABELS,
  themeOfCommand,
  type CommandId,
  type CommandMenu,
} from '../../../shared/commands/commands';
import { COMMAND_SURFACE } from '../commands/editCommands';
import { targetsOf } from '../commands/instanceTargets';
import { isMacPlatform } from '../commands/platform';
import { runCommand } from '../commands/runCommand';
import { useApp } from '../store/appStore';
import { useInstances } from '../store/instancesStore';

function CommandItem({ id, onChosen }: { id: CommandId; onChosen: (id: CommandId) => void }) {
  const command = commandOf(id);
  const theme = useApp((state) => state.preferences.theme);
  const hasTarget = useInstances(
    (state) => command.instance === undefined || targetsOf(id, state.instances, undefined).length > 0,
  );
  const themeChoice = themeOfCommand(id);
  const shortcut = shortcutOf(id, isMacPlatform());
  return (
    <MenuItem
      disabled={!hasTarget}
      onClick={() => onChosen(id)}
      {...(themeChoice
        ? { role: 'menuitemradio', 'aria-checked': themeChoice === theme, selected: themeChoice === theme }
        : {})}
      // The shortcut is announced from here, so that the item's name stays its label.
      aria-keyshortcuts={shortcut}
      sx={{ minWidth: 260, gap: 3 }}
    >
      <ListItemText>{command.label}</ListItemText>
      {shortcut ? (
        <Typography variant="caption" aria-hidden sx={{ color: 'text.secondary' }}>
          {shortcut}
        </Typography>
      ) : null}
    </MenuItem>
  );
}

/**
 * The browser host's menu bar: the native menus' commands, from the same list, inside the page. Left
 * and Right move between the menus, open or closed, as in a desktop menu bar.
 */
export function MenuBar() {
  const [open, setOpenMenu] = useState<{ menu: CommandMenu; anchor: HTMLElement }>();
  const [focused, setFocused] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const setOpen = (index: number | undefined) => {
    const anchor = index === undefined ? null : buttons.current[index];
    const menu = index === undefined ? undefined : commandMenus[index];
    setOpenMenu(anchor && menu ? { menu, anchor } : undefined);
  };

  const moveTo = (index: number, keepOpen: boolean) => {
    const next = (index + commandMenus.length) % commandMenus.length;
    setFocused(next);
    buttons.current[next]?.focus();
    setOpen(keepOpen ? next : undefined);
  };
  const onBarKeyDown = (event: KeyboardEvent, index: number) => {
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      moveTo(index + (event.key === 'ArrowRight' ? 1 : -1), false);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(index);
    }
  };
  const onMenuKeyDown = (event: KeyboardEvent, index: number) => {
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      moveTo(index + (event.key === 'ArrowRight' ? 1 : -1), true);
    }
  };
  const choose = (id: CommandId) => {
    setOpen(undefined);
    // After the menu has closed and given the focus back, so that the command acts where the user was.
    requestAnimationFrame(() => runCommand(id));
  };

  return (
    <Box role="menubar" aria-label="Application menu" {...{ [COMMAND_SURFACE]: '' }} sx={{ display: 'flex' }}>
      {commandMenus.map((menu, index) => (
        <Fragment key={menu}>
          <Button
            ref={(element) => {
              buttons.current[index] = element;
            }}
            role="menuitem"
            aria-haspopup="menu"
            aria-expanded={open?.menu === menu}
            tabIndex={index === focused ? 0 : -1}
            size="small"
            color="inherit"
            onClick={() => setOpen(open?.menu === menu ? undefined : index)}
            onKeyDown={(event) => onBarKeyDown(event, index)}
            onFocus={() => setFocused(index)}
            sx={{ minWidth: 0, px: 1, textTransform: 'none', fontWeight: 400 }}
          >
            {MENU_LABELS[menu]}
          </Button>
          <Menu
            anchorEl={open?.menu === menu ? open.anchor : null}
            open={open?.menu === menu}
            onClose={() => setOpen(undefined)}
            onKeyDown={(event) => onMenuKeyDown(event, index)}
            slotProps={{
              root: { [COMMAND_SURFACE]: '' } as object,
              list: { 'aria-label': MENU_LABELS[menu], dense: true },
            }}
          >
            {menuGroups(menu, 'browser').flatMap((ids, group) => [
              ...(group > 0 ? [<Divider key={`divider-${group}`} />] : []),
              ...ids.map((id) => <CommandItem key={id} id={id} onChosen={choose} />),
            ])}
          </Menu>
        </Fragment>
      ))}
    </Box>
  );
}
