import type { MenuItemConstructorOptions } from 'electron';
import {
  commandMenus,
  commandOf,
  menuGroups,
  MENU_LABELS,
  themeOfCommand,
  type CommandId,
  type CommandMenu,
} from '../../shared/commands/commands';
import type { ThemePreference } from '../../shared/domain/preferences';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Developer tools are offered only to a build run from the sources. */
  packaged: boolean;
  theme: ThemePreference;
  run: (command: CommandId) => void;
}

function item(id: CommandId, { platform, theme, run }: MenuOptions): MenuItemConstructorOptions {
  const command = commandOf(id);
  const mac = platform === 'darwin';
  const selectedTheme = themeOfCommand(id);
  if (command.role) return { role: command.role, label: command.label, accelerator: command.accelerator };
  const contextKey = command.contextKey?.[mac ? 'mac' : 'other'];
  return {
    id,
    label: command.label,
    ...(selectedTheme ? { type: 'radio' as const, checked: selectedTheme === theme } : {}),
    // A key that acts only where it applies is shown but left to the window, which knows where.
    ...(command.accelerator
      ? { accelerator: command.accelerator }
      : contextKey
        ? { accelerator: contextKey, registerAccelerator: false }
        : {}),
    click: () => run(id),
  };
}

const withSeparators = (groups: MenuItemConstructorOptions[][]): MenuItemConstructorOptions[] =>
  groups.flatMap((group, index) => (index === 0 ? group : [{ type: 'separator' as const }, ...group]));

/**
 * The native menu, made from the app's one list of commands in the platform's conventions: on
 * macOS the app menu comes first and holds Quit, and the Window menu is added.
 */
export function applicationMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const submenu = (menu: CommandMenu) =>
    withSeparators(
      menuGroups(menu, 'electron')
        .map((ids) => ids.filter((id) => !(mac && id === 'file.quit')))
        .filter((ids) => ids.length > 0)
        .map((ids) => ids.map((id) => item(id, options))),
    );
  const developer: MenuItemConstructorOptions[] = options.packaged
    ? []
    : [{ type: 'separator' }, { role: 'toggleDevTools' }];
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    ...commandMenus.map((menu): MenuItemConstructorOptions => ({
      label: `&${MENU_LABELS[menu]}`,
      ...(menu === 'help' ? { role: 'help' as const } : {}),
      submenu: [...submenu(menu), ...(menu === 'view' ? developer : [])],
    })),
    ...(mac ? [{ role: 'windowMenu' as const }] : []),
  ].sort((a, b) => (a.role === 'help' ? 1 : 0) - (b.role === 'help' ? 1 : 0));
}
