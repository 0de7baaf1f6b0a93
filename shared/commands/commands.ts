import { z } from 'zod';
import type { HostKind } from '../domain/appInfo';
import type { ThemePreference } from '../domain/preferences';

export const commandMenus = ['file', 'edit', 'view', 'instance', 'help'] as const;
export type CommandMenu = (typeof commandMenus)[number];

export const MENU_LABELS: Record<CommandMenu, string> = {
  file: 'File',
  edit: 'Edit',
  view: 'View',
  instance: 'Instance',
  help: 'Help',
};

/** Which instances a command can act on; a command without one acts on the app. */
export type InstanceScope = 'any' | 'remote';

/**
 * What Electron does itself for a command (the clipboard, zoom, quitting): the native menu uses the
 * role, so that the platform's own behaviour and labels apply; the browser host has its own way.
 */
export type NativeRole =
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'quit'
  | 'zoomIn'
  | 'zoomOut'
  | 'resetZoom'
  | 'togglefullscreen';

export interface CommandDefinition {
  label: string;
  menu: CommandMenu;
  /** Items of one menu in this order, a separator between groups. */
  group: number;
  /**
   * Electron's accelerator syntax. The native menu registers it; the browser host binds it in the
   * page. It works anywhere in the window, so it must never be a text-editing key.
   */
  accelerator?: string;
  /**
   * A key that runs the command only where it applies (Delete on a focused navigator node), so
   * that it keeps its text-editing meaning everywhere else. Menus show it without registering it.
   */
  contextKey?: { mac: string; other: string };
  instance?: InstanceScope;
  role?: NativeRole;
  /** The hosts that offer it; both when absent. */
  hosts?: readonly HostKind[];
  /** Shown in menus but not in the command palette (say, Quit). */
  paletteHidden?: boolean;
  /** A longer name for the palette, where the menu's context is missing ("Theme: Dark"). */
  paletteLabel?: string;
}

const electronOnly: readonly HostKind[] = ['electron'];

/**
 * Every command of the app, once: the native menu, the browser host's menu bar, the command
 * palette and the keyboard shortcuts are all made from this list.
 */
export const COMMANDS = {
  'file.newLocalInstance': {
    label: 'New local instance…',
    menu: 'file',
    group: 0,
    accelerator: 'CmdOrCtrl+N',
  },
  'file.openInstanceFile': {
    label: 'Open instance file…',
    menu: 'file',
    group: 0,
    accelerator: 'CmdOrCtrl+O',
  },
  'file.addRemoteInstance': {
    label: 'Add remote instance…',
    menu: 'file',
    group: 0,
    accelerator: 'CmdOrCtrl+Shift+N',
  },
  'file.quit': {
    label: 'Quit',
    menu: 'file',
    group: 1,
    accelerator: 'CmdOrCtrl+Q',
    role: 'quit',
    hosts: electronOnly,
    paletteHidden: true,
  },
  'edit.undo': {
    label: 'Undo',
    menu: 'edit',
    group: 0,
    accelerator: 'CmdOrCtrl+Z',
    role: 'undo',
    paletteHidden: true,
  },
  'edit.redo': {
    label: 'Redo',
    menu: 'edit',
    group: 0,
    accelerator: 'CmdOrCtrl+Shift+Z',
    role: 'redo',
    paletteHidden: true,
  },
  'edit.cut': {
    label: 'Cut',
    menu: 'edit',
    group: 1,
    accelerator: 'CmdOrCtrl+X',
    role: 'cut',
    paletteHidden: true,
  },
  'edit.copy': {
    label: 'Copy',
    menu: 'edit',
    group: 1,
    accelerator: 'CmdOrCtrl+C',
    role: 'copy',
    paletteHidden: true,
  },
  'edit.paste': {
    label: 'Paste',
    menu: 'edit',
    group: 1,
    accelerator: 'CmdOrCtrl+V',
    role: 'paste',
    paletteHidden: true,
  },
  // Not the native role: in a focused list it selects every row, not the window's text.
  'edit.selectAll': {
    label: 'Select All',
    menu: 'edit',
    group: 1,
    accelerator: 'CmdOrCtrl+A',
    // The palette takes the focus from where the text or the rows are.
    paletteHidden: true,
  },
  'view.commandPalette': {
    label: 'Command Palette…',
    menu: 'view',
    group: 0,
    accelerator: 'CmdOrCtrl+Shift+P',
    paletteHidden: true,
  },
  'view.themeSystem': {
    label: 'Follow System',
    paletteLabel: 'Theme: Follow System',
    menu: 'view',
    group: 1,
  },
  'view.themeLight': { label: 'Light', paletteLabel: 'Theme: Light', menu: 'view', group: 1 },
  'view.themeDark': { label: 'Dark', paletteLabel: 'Theme: Dark', menu: 'view', group: 1 },
  'view.reloadInstance': {
    label: 'Reload instance',
    menu: 'view',
    group: 2,
    accelerator: 'F5',
    instance: 'any',
  },
  'view.toggleNavigator': {
    label: 'Toggle navigator',
    menu: 'view',
    group: 2,
    accelerator: 'CmdOrCtrl+B',
  },
  'view.zoomIn': {
    label: 'Zoom In',
    menu: 'view',
    group: 3,
    accelerator: 'CmdOrCtrl+=',
    role: 'zoomIn',
  },
  'view.zoomOut': {
    label: 'Zoom Out',
    menu: 'view',
    group: 3,
    accelerator: 'CmdOrCtrl+-',
    role: 'zoomOut',
  },
  'view.resetZoom': {
    label: 'Actual Size',
    menu: 'view',
    group: 3,
    accelerator: 'CmdOrCtrl+0',
    role: 'resetZoom',
  },
  'view.fullScreen': {
    label: 'Toggle Full Screen',
    menu: 'view',
    group: 4,
    role: 'togglefullscreen',
    hosts: electronOnly,
  },
  'instance.usersAndGroups': {
    label: 'Users and Groups…',
    menu: 'instance',
    group: 0,
    accelerator: 'CmdOrCtrl+Shift+U',
    instance: 'any',
  },
  'instance.auditLog': {
    label: 'Audit log…',
    menu: 'instance',
    group: 0,
    accelerator: 'CmdOrCtrl+Shift+L',
    instance: 'any',
  },
  'instance.settings': {
    label: 'Instance settings…',
    menu: 'instance',
    group: 0,
    accelerator: 'CmdOrCtrl+Shift+S',
    instance: 'any',
  },
  'instance.connect': {
    label: 'Connect',
    menu: 'instance',
    group: 1,
    accelerator: 'CmdOrCtrl+Shift+K',
    instance: 'remote',
  },
  'instance.disconnect': {
    label: 'Disconnect',
    menu: 'instance',
    group: 1,
    accelerator: 'CmdOrCtrl+Shift+D',
    instance: 'remote',
  },
  'instance.editConnection': {
    label: 'Edit connection…',
    menu: 'instance',
    group: 1,
    accelerator: 'CmdOrCtrl+Shift+E',
    instance: 'remote',
  },
  'instance.rename': {
    label: 'Rename…',
    menu: 'instance',
    group: 2,
    accelerator: 'F2',
    instance: 'any',
  },
  'instance.remove': {
    label: 'Remove…',
    menu: 'instance',
    group: 2,
    contextKey: { mac: 'Cmd+Backspace', other: 'Delete' },
    instance: 'any',
  },
  'help.documentation': {
    label: 'Documentation',
    menu: 'help',
    group: 0,
    accelerator: 'F1',
  },
  'help.openLogsFolder': { label: 'Open logs folder', menu: 'help', group: 0 },
  'help.about': { label: 'About Roster', menu: 'help', group: 1 },
} as const satisfies Record<string, CommandDefinition>;

export type CommandId = keyof typeof COMMANDS;
export const commandIds = Object.keys(COMMANDS) as CommandId[];
// Its own message: zod's would list every command.
export const CommandIdSchema = z.enum(commandIds as [CommandId, ...CommandId[]], {
  error: 'Not a command of this version of Roster.',
});

export const commandOf = (id: CommandId): CommandDefinition => COMMANDS[id];

export const offeredOn = (id: CommandId, host: HostKind): boolean =>
  commandOf(id).hosts?.includes(host) ?? true;

/** One menu's commands for a host, in groups, in order. */
export function menuGroups(menu: CommandMenu, host: HostKind): CommandId[][] {
  const groups = new Map<number, CommandId[]>();
  for (const id of commandIds) {
    const command = commandOf(id);
    if (command.menu !== menu || !offeredOn(id, host)) continue;
    groups.set(command.group, [...(groups.get(command.group) ?? []), id]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, ids]) => ids);
}

export const THEME_COMMANDS = {
  system: 'view.themeSystem',
  light: 'view.themeLight',
  dark: 'view.themeDark',
} as const satisfies Record<ThemePreference, CommandId>;

export const themeOfCommand = (id: CommandId): ThemePreference | undefined =>
  (Object.keys(THEME_COMMANDS) as ThemePreference[]).find((theme) => THEME_COMMANDS[theme] === id);
