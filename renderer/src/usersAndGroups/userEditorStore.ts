import { create } from 'zustand';
import { isPassingFailure, type Result, type RosterErrorData } from '../../../shared/contract/errors';
import type { KeychainStatus, UserDetail } from '../../../shared/domain/directory';
import { roster } from '../roster/roster';
import { useFeedback } from '../store/feedbackStore';
import {
  draftOf,
  emptyDraft,
  groupsChanged,
  isDirty,
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
   * A create failed in a way that may have reached the server first (a timeout, a dropped
   * connection): the next save looks for the user before creating it again.
   */
  createUncertain: boolean;
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
  createUncertain: false,
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
    createUncertain: false,
  }) as const;

/**
 * The user an uncertain create made, if it did: the same username with the fields as typed. Anyone
 * else's user of that name is left for the create to refuse.
 */
async function findCreated(instanceId: string, draft: UserDraft): Promise<Result<UserDetail | undefined>> {
  const found = await roster().invoke('directory.users.search', {
    instanceId,
    page: { query: draft.username, offset: 0, limit: 20 },
  });
  if (!found.ok) return found;
  const match = found.value.items.find(
    (user) =>
      user.username.toLowerCase() === draft.username.toLowerCase() &&
      user.displayName === draft.displayName.trim() &&
      user.email.toLowerCase() === draft.email.trim().toLowerCase(),
  );
  if (!match) return { ok: true, value: undefined };
  return roster().invoke('directory.users.get', { instanceId, userId: match.id });
}

export const useUserEditor = create<UserEditorState>()((set, get) => {
  const refuse = (error: RosterErrorData) => {
    const field = fieldOf(error);
    if (field) set({ serverErrors: { ...get().serverErrors, [field]: error.message }, saving: false });
    else set({ formError: error, saving: false });
    return false;
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
      set({ draft: { ...get().draft, [field]: value }, serverErrors, formError: undefined });
    },

    async save() {
      const { mode, draft, original, user, instanceId } = get();
      if (mode === 'none' || !isDirty(original, draft)) return true;
      const errors = validateDraft(draft, mode === 'new');
      if (Object.keys(errors).length > 0) {
        set({ formError: { code: 'INVALID_INPUT', message: 'Correct the highlighted fields first.' } });
        return false;
      }
      set({ saving: true, formError: undefined });
      let saved: UserDetail;
      if (mode === 'new') {
        const earlier = get().createUncertain ? await findCreated(instanceId, draft) : undefined;
        if (earlier && !earlier.ok) return refuse(earlier.error);
        if (earlier?.value) {
          saved = earlier.value;
        } else {
          const created = await roster().invoke('directory.users.create', {
            instanceId,
            user: {
              username: draft.username,
              password: draft.password,
              displayName: draft.displayName,
              email: draft.email,
              enabled: draft.enabled,
            },
          });
          if (!created.ok) {
            set({ createUncertain: isPassingFailure(created.error) });
            return refuse(created.error);
          }
          saved = created.value;
        }
      } else if (user) {
        const updated = await roster().invoke('directory.users.update', {
          instanceId,
          userId: user.id,
          changes: {
            displayName: draft.displayName,
            email: draft.email,
            enabled: draft.enabled,
            ...(draft.password === '' ? {} : { password: draft.password }),
          },
        });
        if (!updated.ok) return refuse(updated.error);
        saved = updated.value;
      } else {
        return false;
      }
      if (groupsChanged(original, draft)) {
        const grouped = await roster().invoke('directory.users.setGroups', {
          instanceId,
          userId: saved.id,
          groupIds: draft.groupIds,
        });
        // The user exists now: switch to editing it so that a retry only sends the groups.
        if (!grouped.ok) {
          set({ mode: 'edit', user: saved, original: { ...draftOf(saved), groupIds: original.groupIds } });
          return refuse(grouped.error);
        }
        saved = grouped.value;
      }
      const fresh = draftOf(saved);
      set({
        mode: 'edit',
        user: saved,
        original: fresh,
        draft: fresh,
        serverErrors: {},
        createUncertain: false,
        saving: false,
        changes: get().changes + 1,
      });
      useFeedback.getState().show('success', `${saved.username} was saved.`);
      return true;
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
