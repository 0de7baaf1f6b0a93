import { create } from 'zustand';
import type { CommandId } from '../../../shared/commands/commands';

export type AddInstanceMode = 'create' | 'open' | 'remote';

/** The palette's state: choosing a command, or the instance for a chosen one. */
export type PaletteState = { step: 'command' } | { step: 'instance'; command: CommandId };

/**
 * The window's panels and the dialogs a command opens. They live here, not in the component that
 * shows them, because the menus, the palette and the keyboard open them as well as the navigator.
 */
interface WorkbenchState {
  adding: AddInstanceMode | undefined;
  renaming: string | undefined;
  removing: string | undefined;
  settingsFor: string | undefined;
  navigatorHidden: boolean;
  palette: PaletteState | undefined;
  about: boolean;
  documentation: boolean;
  /** How many times each instance was reloaded: views of it read again when theirs changes. */
  reloads: Record<string, number>;
  reloaded: (instanceId: string) => void;
  set: (
    change: Partial<
      Pick<
        WorkbenchState,
        | 'adding'
        | 'renaming'
        | 'removing'
        | 'settingsFor'
        | 'navigatorHidden'
        | 'palette'
        | 'about'
        | 'documentation'
      >
    >,
  ) => void;
}

export const useWorkbench = create<WorkbenchState>()((set) => ({
  adding: undefined,
  renaming: undefined,
  removing: undefined,
  settingsFor: undefined,
  navigatorHidden: false,
  palette: undefined,
  about: false,
  documentation: false,
  reloads: {},
  reloaded: (instanceId) =>
    set((state) => ({ reloads: { ...state.reloads, [instanceId]: (state.reloads[instanceId] ?? 0) + 1 } })),
  set: (change) => set(change),
}));
