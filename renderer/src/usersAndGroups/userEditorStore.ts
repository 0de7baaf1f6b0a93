import { create } from 'zustand';
import type { Result, RosterErrorData } from '../../../shared/contract/errors';
import type { KeychainStatus, UserDetail } from '../../../shared/domain/directory';
import { roster } from '../roster/roster';
import { useFeedback } from '../store/feedbackStore';
import {
  draftOf,
  editsOf,
  emptyDraft,
  groupsChanged,
  isDirty,
  mergedGroups,
  validateDraft,
  type DraftField,
  type FieldErrors,
  type UserDraft,
} from './userDraft';

type EditorMode = 'none' | 'new' | 'edit';

interface UserEditorState {
  instanceId: string;
  mode: EditorMode;
  /** The saved user being edited (edit mode). */
  user: UserDetail | undefined;
  original: UserDraft;
  draft: UserDraft;
  /** Refusals from the main side, next to the field they name, until that field changes. */
  serverErrors: FieldErrors;
  /** A refusal that names no field, or a failure to reach the instance (kept with the edits for a Retry). */
  formError: RosterErrorData | undefined;
  /**
   * The Idempotency-Key of the new user's create: kept while the draft is unchanged, so a Retry
   * after a lost answer gets the user the first attempt made instead of a second one.
   */
  createKey: string;
  /**
   * The user as it is now, after a save was refused because someone else changed it since it was
   * opened. The admin's edits stay in the draft; they choose to overwrite or reload.
   */
  conflict: UserDetail | undefined;
  saving: boolean;
  /** Bumped after every change so lists reload. */
  changes: number;
  /** Whether tokens can be kept: asked once per dialog, since asking writes a probe entry. */
  keychain: KeychainStatus | undefined;

  reset: (instanceId: string) => void;
  startNew: () => Promise<void>;
  open: (userId: number) => Promise<void>;
  close: () => void;
  setField: <F extends DraftField>(field: F, value: UserDraft[F]) => void;
  /** Applies the draft; resolves to true when it was saved (or nothing needed saving). */
  save: () => Promise<boolean>;
  /** After a conflict: applies the admin's edits to the version now on the instance. */
  overwrite: () => Promise<boolean>;
  /** After a conflict: drops the admin's edits and shows the user as it is now. */
  reload: () => void;
  /** Reloads the user after a change made elsewhere (tokens, enable/disable from the list). */
  refresh: (user: UserDetail) => void;
  noteChange: () => void;
}

const FIELD_NAMES: readonly string[] = [
  'username',
  'password',
  'displayName',
  'email',
  'enabled',
  'groupIds',
];

/** Maps a refusal's field (possibly a path such as "user.email") to the form field it is about. */
function fieldOf(error: RosterErrorData): DraftField | undefined {
  const last = error.field?.split('.').at(-1);
  if (last === 'groupIds') return 'groupIds';
  return last !== undefined && FIELD_NAMES.includes(last) ? (last as DraftField) : undefined;
}

export const dirtyEditor = (state: Pick<UserEditorState, 'mode' | 'original' | 'draft'>) =>
  state.mode !== 'none' && isDirty(state.original, state.draft);

/** A form with nothing typed yet: no user, no refusals. */
const CLOSED = {
  mode: 'none',
  user: undefined,
  original: emptyDraft(''),
  draft: emptyDraft(''),
  serverErrors: {},
  formError: undefined,
  createKey: '',
  conflict: undefined,
  saving: false,
} as const satisfies Partial<UserEditorState>;

/** The form opened on a draft: a new user's, or a saved user's values. */
const opened = (mode: 'new' | 'edit', user: UserDetail | undefined, draft: UserDraft) =>
  ({
    mode,
    user,
    original: draft,
    draft,
    serverErrors: {},
    formError: undefined,
    createKey: crypto.randomUUID(),
    conflict: undefined,
  }) as const;

export const useUserEditor = create<UserEditorState>()((set, get) => {
  const refuse = (error: RosterErrorData) => {
    if (error.code === 'STALE') {
      void showConflict();
      return false;
    }
    const field = fieldOf(error);
    if (field) set({ serverErrors: { ...get().serverErrors, [field]: error.message }, saving: false });
    else set({ formError: error, saving: false });
    return false;
  };

  /** Reads the user as it is now, beside the admin's edits, which stay in the draft. */
  const showConflict = async () => {
    const { instanceId, user } = get();
    if (!user) return;
    const current = await roster().invoke('directory.users.get', { instanceId, userId: user.id });
    if (current.ok) set({ conflict: current.value, saving: false });
    else set({ formError: current.error, saving: false });
  };

  /**
   * The admin's edits applied to `target` (the user as last read), only if it is still at that
   * version: fields and groups they did not touch stay as the instance has them.
   */
  const saveChanges = async (instanceId: string, target: UserDetail): Promise<Result<UserDetail>> => {
    const { draft, original } = get();
    const changes = editsOf(original, draft);
    let current: Result<UserDetail> = { ok: true, value: target };
    if (Object.keys(changes).length > 0)
      current = await roster().invoke('directory.users.update', {
        instanceId,
        userId: target.id,
        changes,
        ifVersion: target.version,
      });
    if (!current.ok || !groupsChanged(original, draft)) return current;
    // The fields are saved: should the groups be refused, a retry sends only them, to this version.
    if (current.value !== target)
      set({ user: current.value, original: { ...draftOf(current.value), groupIds: original.groupIds } });
    const groupIds = mergedGroups(
      current.value.groups.map((group) => group.id),
      original,
      draft,
    );
    return roster().invoke('directory.users.setGroups', {
      instanceId,
      userId: target.id,
      groupIds,
      ifVersion: current.value.version,
    });
  };

  const saved = (user: UserDetail) => {
    const fresh = draftOf(user);
    set({
      mode: 'edit',
      user,
      original: fresh,
      draft: fresh,
      serverErrors: {},
      conflict: undefined,
      saving: false,
      changes: get().changes + 1,
    });
    useFeedback.getState().show('success', `${user.username} was saved.`);
    return true;
  };

  return {
    instanceId: '',
    ...CLOSED,
    changes: 0,
    keychain: undefined,

    reset(instanceId) {
      set({ instanceId, keychain: undefined, ...CLOSED });
      void roster()
        .invoke('directory.status', { instanceId })
        .then((result) => {
          if (result.ok && get().instanceId === instanceId) set({ keychain: result.value.keychain });
        });
    },

    async startNew() {
      const result = await roster().invoke('directory.users.nextUsername', { instanceId: get().instanceId });
      const username = result.ok ? result.value.username : '';
      if (!result.ok) useFeedback.getState().showError(result.error);
      set(opened('new', undefined, emptyDraft(username)));
    },

    async open(userId) {
      const result = await roster().invoke('directory.users.get', { instanceId: get().instanceId, userId });
      if (!result.ok) return useFeedback.getState().showError(result.error);
      set(opened('edit', result.value, draftOf(result.value)));
    },

    close: () => set(CLOSED),

    setField(field, value) {
      // The refusal was about the old value; editing the field clears it.
      const serverErrors = { ...get().serverErrors, [field]: undefined };
      // A changed new user is another request: a create sent before it keeps its own key.
      const createKey = get().mode === 'new' ? crypto.randomUUID() : get().createKey;
      set({ draft: { ...get().draft, [field]: value }, serverErrors, formError: undefined, createKey });
    },

    async save() {
      const { mode, draft, original, user, instanceId } = get();
      if (mode === 'none' || !isDirty(original, draft)) return true;
      const errors = validateDraft(draft, mode === 'new');
      if (Object.keys(errors).length > 0) {
        set({ formError: { code: 'INVALID_INPUT', message: 'Correct the highlighted fields first.' } });
        return false;
      }
      set({ saving: true, formError: undefined, conflict: undefined });
      if (mode === 'edit' && user) {
        const result = await saveChanges(instanceId, user);
        return result.ok ? saved(result.value) : refuse(result.error);
      }
      const created = await roster().invoke('directory.users.create', {
        instanceId,
        user: {
          username: draft.username,
          password: draft.password,
          displayName: draft.displayName,
          email: draft.email,
          enabled: draft.enabled,
        },
        idempotencyKey: get().createKey,
      });
      if (!created.ok) return refuse(created.error);
      if (!groupsChanged(original, draft)) return saved(created.value);
      const grouped = await roster().invoke('directory.users.setGroups', {
        instanceId,
        userId: created.value.id,
        groupIds: draft.groupIds,
        ifVersion: created.value.version,
      });
      if (grouped.ok) return saved(grouped.value);
      // The user exists now: switch to editing it so that a retry only sends the groups.
      set({
        mode: 'edit',
        user: created.value,
        original: { ...draftOf(created.value), groupIds: original.groupIds },
      });
      return refuse(grouped.error);
    },

    async overwrite() {
      const { conflict, instanceId } = get();
      if (!conflict) return false;
      set({ saving: true, formError: undefined, conflict: undefined, user: conflict });
      const result = await saveChanges(instanceId, conflict);
      return result.ok ? saved(result.value) : refuse(result.error);
    },

    reload() {
      const { conflict } = get();
      if (!conflict) return;
      set({ ...opened('edit', conflict, draftOf(conflict)), changes: get().changes + 1 });
    },

    refresh(user) {
      const fresh = draftOf(user);
      const { draft, original } = get();
      // Keep the admin's pending edits; only the parts changed elsewhere move.
      set({
        user,
        original: { ...original, enabled: fresh.enabled },
        draft: { ...draft, enabled: draft.enabled === original.enabled ? fresh.enabled : draft.enabled },
        changes: get().changes + 1,
      });
    },

    noteChange: () => set({ changes: get().changes + 1 }),
  };
});
