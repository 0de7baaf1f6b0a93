import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { applicationMenuTemplate } from '../../electron/main/applicationMenu';
import {
  displayAccelerator,
  isContextKey,
  matchesAccelerator,
  parseAccelerator,
  shortcutOf,
} from '../../shared/commands/accelerators';
import { commandIds, commandOf, type CommandId } from '../../shared/commands/commands';

const platforms = [
  { name: 'macOS', mac: true },
  { name: 'Windows and Linux', mac: false },
] as const;

/** A chord as one string, whatever way the accelerator was spelled. */
function chordOf(accelerator: string, mac: boolean): string {
  const chord = parseAccelerator(accelerator, mac);
  return [chord.ctrl && 'ctrl', chord.meta && 'meta', chord.alt && 'alt', chord.shift && 'shift', chord.key]
    .filter(Boolean)
    .join('+');
}

/**
 * What a text field does with keys, on each platform: an accelerator on any of these would take
 * the key away from every field in the window.
 */
const TEXT_EDITING: Record<'mac' | 'other', string[]> = {
  other: [
    ...['A', 'C', 'V', 'X', 'Z', 'Y', 'Shift+Z', 'Insert', 'Backspace', 'Delete'].map((k) => `Ctrl+${k}`),
    ...['Left', 'Right', 'Home', 'End', 'Up', 'Down'].flatMap((k) => [`Ctrl+${k}`, `Ctrl+Shift+${k}`]),
    ...['Left', 'Right', 'Home', 'End', 'Up', 'Down', 'Insert', 'Delete'].map((k) => `Shift+${k}`),
    ...['Backspace', 'Delete', 'Home', 'End', 'Left', 'Right', 'Up', 'Down', 'Enter', 'Tab', 'Escape'],
    'Shift+Tab',
    'Shift+Enter',
  ],
  mac: [
    ...['A', 'C', 'V', 'X', 'Z', 'Shift+Z', 'Backspace', 'Delete', 'Left', 'Right', 'Up', 'Down'].map(
      (k) => `Cmd+${k}`,
    ),
    ...['Left', 'Right', 'Up', 'Down'].map((k) => `Cmd+Shift+${k}`),
    ...['Backspace', 'Delete', 'Left', 'Right', 'Shift+Left', 'Shift+Right'].map((k) => `Alt+${k}`),
    // The Emacs keys every Cocoa text field has.
    ...['A', 'E', 'K', 'Y', 'H', 'D', 'F', 'B', 'N', 'P', 'T', 'O'].map((k) => `Ctrl+${k}`),
    ...['Backspace', 'Delete', 'Home', 'End', 'Left', 'Right', 'Up', 'Down', 'Enter', 'Tab', 'Escape'],
    'Shift+Tab',
  ],
};

/** The Edit menu's own commands are the text-editing keys, on purpose. */
const textCommands = new Set<CommandId>([
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.selectAll',
]);

describe('the command list', () => {
  it.each(platforms)('gives each command its own key on $name', ({ mac }) => {
    const seen = new Map<string, CommandId>();
    for (const id of commandIds) {
      const command = commandOf(id);
      for (const accelerator of [command.accelerator, command.contextKey?.[mac ? 'mac' : 'other']]) {
        if (accelerator === undefined) continue;
        const chord = chordOf(accelerator, mac);
        expect(seen.get(chord), `${id} and ${seen.get(chord)} share ${accelerator}`).toBeUndefined();
        seen.set(chord, id);
      }
    }
    expect(seen.size).toBeGreaterThan(20);
  });

  it.each(platforms)('takes no text-editing key from the fields on $name', ({ mac }) => {
    const editing = new Set(TEXT_EDITING[mac ? 'mac' : 'other'].map((key) => chordOf(key, mac)));
    for (const id of commandIds) {
      const accelerator = commandOf(id).accelerator;
      if (accelerator === undefined || textCommands.has(id)) continue;
      expect(editing.has(chordOf(accelerator, mac)), `${id}: ${accelerator}`).toBe(false);
    }
  });

  it('keeps Delete and Cmd+Backspace to where they apply, since fields need them', () => {
    expect(commandOf('instance.remove').accelerator).toBeUndefined();
    expect(shortcutOf('instance.remove', true)).toBe('⌘⌫');
    expect(shortcutOf('instance.remove', false)).toBe('Delete');
    const press = { key: 'Backspace', ctrlKey: false, metaKey: true, shiftKey: false, altKey: false };
    expect(isContextKey(press, 'instance.remove', true)).toBe(true);
    expect(isContextKey(press, 'instance.remove', false)).toBe(false);
  });

  it('offers every instance command in the Instance menu, and F2 for Rename', () => {
    const labels = commandIds
      .filter((id) => commandOf(id).menu === 'instance')
      .map((id) => commandOf(id).label);
    expect(labels).toEqual([
      'Users and Groups…',
      'Audit log…',
      'Instance settings…',
      'Connect',
      'Disconnect',
      'Edit connection…',
      'Rename…',
      'Remove…',
    ]);
    expect(commandOf('instance.rename').accelerator).toBe('F2');
  });
});

describe('accelerators', () => {
  const press = (
    key: string,
    modifiers: Partial<Record<'ctrl' | 'meta' | 'shift' | 'alt', boolean>> = {},
  ) => ({
    key,
    ctrlKey: modifiers.ctrl ?? false,
    metaKey: modifiers.meta ?? false,
    shiftKey: modifiers.shift ?? false,
    altKey: modifiers.alt ?? false,
  });

  it('reads CmdOrCtrl as Cmd on macOS and Ctrl elsewhere', () => {
    expect(matchesAccelerator(press('P', { ctrl: true, shift: true }), 'CmdOrCtrl+Shift+P', false)).toBe(
      true,
    );
    expect(matchesAccelerator(press('P', { meta: true, shift: true }), 'CmdOrCtrl+Shift+P', true)).toBe(true);
    expect(matchesAccelerator(press('P', { ctrl: true, shift: true }), 'CmdOrCtrl+Shift+P', true)).toBe(
      false,
    );
    expect(matchesAccelerator(press('p', { ctrl: true }), 'CmdOrCtrl+Shift+P', false)).toBe(false);
    expect(
      matchesAccelerator(press('p', { ctrl: true, shift: true, alt: true }), 'CmdOrCtrl+Shift+P', false),
    ).toBe(false);
  });

  it('takes the plus key for zoom in, with or without Shift', () => {
    expect(matchesAccelerator(press('=', { ctrl: true }), 'CmdOrCtrl+=', false)).toBe(true);
    expect(matchesAccelerator(press('+', { ctrl: true, shift: true }), 'CmdOrCtrl+=', false)).toBe(true);
    expect(matchesAccelerator(press('F2'), 'F2', false)).toBe(true);
    expect(matchesAccelerator(press('F2', { shift: true }), 'F2', false)).toBe(false);
  });

  it('shows keys as each platform writes them', () => {
    expect(displayAccelerator('CmdOrCtrl+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(displayAccelerator('CmdOrCtrl+Shift+P', true)).toBe('⇧⌘P');
    expect(displayAccelerator('F5', false)).toBe('F5');
    expect(shortcutOf('help.about', false)).toBeUndefined();
  });
});

describe('the native application menu', () => {
  const build = (platform: NodeJS.Platform, packaged = true) => {
    const run = vi.fn();
    const template = applicationMenuTemplate({ platform, packaged, theme: 'dark', run });
    return { run, template };
  };
  const submenuOf = (template: MenuItemConstructorOptions[], label: string) =>
    template.find((menu) => menu.label === `&${label}`)?.submenu as MenuItemConstructorOptions[];
  const labels = (items: MenuItemConstructorOptions[]) =>
    items.map((entry) => (entry.type === 'separator' ? '—' : (entry.label ?? entry.role)));

  it('has File, Edit, View, Instance and Help on Windows and Linux, with Quit in File', () => {
    const { template } = build('linux');
    expect(template.map((menu) => menu.label)).toEqual(['&File', '&Edit', '&View', '&Instance', '&Help']);
    expect(labels(submenuOf(template, 'File'))).toEqual([
      'New local instance…',
      'Open instance file…',
      'Add remote instance…',
      '—',
      'Quit',
    ]);
    expect(labels(submenuOf(template, 'Instance'))).toEqual([
      'Users and Groups…',
      'Audit log…',
      'Instance settings…',
      '—',
      'Connect',
      'Disconnect',
      'Edit connection…',
      '—',
      'Rename…',
      'Remove…',
    ]);
  });

  it('follows macOS: the app menu first, Quit there, a Window menu before Help', () => {
    const { template } = build('darwin');
    expect(template[0]?.role).toBe('appMenu');
    expect(template.map((menu) => menu.role ?? menu.label)).toEqual([
      'appMenu',
      '&File',
      '&Edit',
      '&View',
      '&Instance',
      'windowMenu',
      'help',
    ]);
    expect(labels(submenuOf(template, 'File'))).not.toContain('Quit');
    const remove = submenuOf(template, 'Instance').find((entry) => entry.label === 'Remove…');
    expect(remove).toMatchObject({ accelerator: 'Cmd+Backspace', registerAccelerator: false });
  });

  it('hands each command to the window, with its accelerator', () => {
    const { template, run } = build('win32');
    const [users] = submenuOf(template, 'Instance');
    expect(users?.accelerator).toBe('CmdOrCtrl+Shift+U');
    users?.click?.({} as never, undefined, {});
    expect(run).toHaveBeenCalledExactlyOnceWith('instance.usersAndGroups');
    const rename = submenuOf(template, 'Instance').find((entry) => entry.label === 'Rename…');
    expect(rename?.accelerator).toBe('F2');
    expect(submenuOf(template, 'Instance').find((entry) => entry.label === 'Remove…')).toMatchObject({
      accelerator: 'Delete',
      registerAccelerator: false,
    });
  });

  it('leaves the clipboard and zoom to Electron, and selects rows itself', () => {
    const { template } = build('linux');
    const edit = submenuOf(template, 'Edit');
    expect(edit.filter((entry) => entry.role).map((entry) => entry.role)).toEqual([
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
    ]);
    expect(edit.find((entry) => entry.label === 'Select All')).toMatchObject({
      accelerator: 'CmdOrCtrl+A',
      id: 'edit.selectAll',
    });
    expect(
      submenuOf(template, 'View')
        .filter((entry) => entry.role)
        .map((entry) => entry.role),
    ).toEqual(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']);
  });

  it('checks the current theme, and offers developer tools only from the sources', () => {
    const packaged = submenuOf(build('linux').template, 'View');
    const themes = packaged.filter((entry) => entry.type === 'radio');
    expect(themes.map((entry) => [entry.label, entry.checked])).toEqual([
      ['Follow System', false],
      ['Light', false],
      ['Dark', true],
    ]);
    expect(packaged.some((entry) => entry.role === 'toggleDevTools')).toBe(false);
    expect(submenuOf(build('linux', false).template, 'View').at(-1)?.role).toBe('toggleDevTools');
  });
});
