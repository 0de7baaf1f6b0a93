import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import { themePreferences, type ThemePreference } from '../../shared/domain/preferences';

export interface MenuActions {
  theme: ThemePreference;
  setTheme: (theme: ThemePreference) => void;
}

const THEME_LABELS: Record<ThemePreference, string> = {
  system: 'Follow System',
  light: 'Light',
  dark: 'Dark',
};

export function buildApplicationMenu({ theme, setTheme }: MenuActions) {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: '&File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        {
          label: 'Theme',
          submenu: themePreferences.map((value) => ({
            label: THEME_LABELS[value],
            type: 'radio' as const,
            checked: value === theme,
            click: () => setTheme(value),
          })),
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'About Roster',
          click: () =>
            void dialog.showMessageBox({
              title: 'About Roster',
              message: `Roster ${app.getVersion()}`,
              detail: 'Users and groups of Integrate instances.',
            }),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
