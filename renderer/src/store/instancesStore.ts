import { create } from 'zustand';
import type { RosterErrorData } from '../../../shared/contract/errors';
import type { InstanceView } from '../../../shared/domain/instance';
import { roster } from '../roster/roster';
import { useApp } from './appStore';
import { useFeedback } from './feedbackStore';

/** Where the Users and Groups dialog opens: on which tab, and whether it starts adding one. */
export interface UsersAndGroupsStart {
  section: 'users' | 'groups';
  add: boolean;
}
const FIRST_TAB: UsersAndGroupsStart = { section: 'users', add: false };

interface InstancesState {
  instances: InstanceView[];
  loaded: boolean;
  selectedId: string | undefined;
  /** The instance whose Users and Groups dialog is open. */
  usersAndGroupsFor: string | undefined;
  usersAndGroupsStart: UsersAndGroupsStart;
  load: () => Promise<void>;
  select: (id: string | undefined) => void;
  openUsersAndGroups: (id: string, start?: UsersAndGroupsStart) => void;
  closeUsersAndGroups: () => void;
  /** The remote instance whose Edit connection dialog is open: the navigator and the status bar offer it. */
  editConnectionFor: string | undefined;
  openEditConnection: (id: string) => void;
  closeEditConnection: () => void;
  /** Resolves to the refusal, if any, so a form can show it next to its field. */
  rename: (id: string, name: string) => Promise<RosterErrorData | undefined>;
  remove: (id: string) => Promise<void>;
  /** Connects a remote instance, or tries again; the navigator shows how it went. */
  connect: (id: string) => Promise<void>;
  disconnect: (id: string) => Promise<void>;
}

let subscribed = false;
/**
 * Counts pushed lists. A list asked for before the latest push may arrive after it (they travel
 * separately), and must not undo it: say, show "connecting" again after the push said "error".
 */
let pushes = 0;

export const useInstances = create<InstancesState>()((set, get) => {
  const receive = (instances: InstanceView[]) => {
    const { selectedId, usersAndGroupsFor, editConnectionFor } = get();
    const exists = (id: string | undefined) =>
      id !== undefined && instances.some((instance) => instance.id === id);
    for (const instance of instances)
      if (instance.state === 'connected') useFeedback.getState().settle(instance.id);
    set({
      instances,
      loaded: true,
      // Nothing is selected until the user selects: the work area then offers the recent instances.
      selectedId: exists(selectedId) ? selectedId : undefined,
      usersAndGroupsFor: exists(usersAndGroupsFor) ? usersAndGroupsFor : undefined,
      editConnectionFor: exists(editConnectionFor) ? editConnectionFor : undefined,
    });
  };
  /** An answer's view of one instance, unless a push since (which is at least as new) said otherwise. */
  const replace = (updated: InstanceView, asked: number) => {
    if (asked === pushes)
      receive(get().instances.map((instance) => (instance.id === updated.id ? updated : instance)));
  };
  return {
    instances: [],
    loaded: false,
    selectedId: undefined,
    usersAndGroupsFor: undefined,
    usersAndGroupsStart: FIRST_TAB,
    editConnectionFor: undefined,
    async load() {
      if (!subscribed) {
        subscribed = true;
        roster().on('instances.changed', (instances) => {
          pushes += 1;
          receive(instances);
        });
      }
      const asked = pushes;
      const result = await roster().invoke('instances.list', {});
      if (!result.ok) return useFeedback.getState().showError(result.error);
      if (asked === pushes) receive(result.value);
    },
    select: (id) => {
      set({ selectedId: id });
      if (id !== undefined) void useApp.getState().rememberOpened(id);
    },
    openUsersAndGroups: (id, start = FIRST_TAB) => {
      set({ selectedId: id, usersAndGroupsFor: id, usersAndGroupsStart: start });
      void useApp.getState().rememberOpened(id);
    },
    closeUsersAndGroups: () => set({ usersAndGroupsFor: undefined }),
    openEditConnection: (id) => set({ selectedId: id, editConnectionFor: id }),
    closeEditConnection: () => set({ editConnectionFor: undefined }),
    async rename(id, name) {
      const asked = pushes;
      const result = await roster().invoke('instances.rename', { id, name });
      if (!result.ok) return result.error;
      replace(result.value, asked);
      useFeedback.getState().show('success', `Renamed to "${result.value.name}".`);
      return undefined;
    },
    async remove(id): Promise<void> {
      const name = get().instances.find((instance) => instance.id === id)?.name ?? 'The instance';
      const result = await roster().invoke('instances.remove', { id });
      if (!result.ok) return useFeedback.getState().showError(result.error);
      receive(get().instances.filter((instance) => instance.id !== id));
      useFeedback.getState().show('success', `${name} was removed from the navigator.`);
    },
    async connect(id) {
      const asked = pushes;
      const result = await roster().invoke('instances.connect', { id });
      if (!result.ok) return useFeedback.getState().showError(result.error);
      replace(result.value, asked);
      if (result.value.state === 'error')
        useFeedback
          .getState()
          .show('error', `${result.value.name}: ${result.value.stateDetail ?? 'not connected'}`, id);
    },
    async disconnect(id) {
      const asked = pushes;
      const result = await roster().invoke('instances.disconnect', { id });
      if (!result.ok) return useFeedback.getState().showError(result.error);
      replace(result.value, asked);
      useFeedback.getState().show('info', `${result.value.name} was disconnected.`);
    },
  };
});
