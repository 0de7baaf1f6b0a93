import { create } from 'zustand';
import type { Result, RosterErrorData } from '../../../shared/contract/errors';
import type { KeychainStatus, UserDetail } from '../../../shared/domain/directory';
import { holds, mayManageRole, type Role } from '../../../shared/domain/roles';
import { roster } from '../roster/roster';
import { useFeedback } from '../store/feedbackStore';
import { usePasswordPolicies } from './passwordPolicy';
import { refusedField } from './refusals';
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
import { saveSteps } from './userSaveSteps';

type EditorMode = 'none' | 'new' | 'edit';

interface UserEditorState {
  instanceId: string;
  mode: EditorMode;
  /** The saved user being edited (edit mode). */
  user: UserDetail | undefined;
  /** The user whose form is being read, until it opens: a later pick, New or Close cancels it. */
  opening: number | undefined;
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
  /**
   * The role the dialog acts with (a local instance: Administrator; a remote one: the signed-in
   * account's), asked with the keychain; undefined until the instance answers. The instance
   * enforces it whatever the dialog offers: the dialog only leaves out what would be refused.
   */
  role: Role | undefined;
  /**
   * Whether the instance can mail invitation links (its server has a mail server set up), asked
   * with the keychain; undefined until the instance answers.
   */
  invitationMail: boolean | undefined;
  /** The account a remote instance is connected with; undefined for a local instance. */
  signedInAs: string | undefined;

  reset: (instanceId: string, signedInAs?: string) => void;
  /** Asks the instance again for the keychain, the caller's role and mail (after a failure to reach it). */
  loadStatus: () => void;
  /** After `user`'s role changed: when that is the signed-in account, the dialog's own role moved too. */
  roleChangedOf: (user: UserDetail) => void;
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
  'role',
  'mayResetOwnPassword',
];

/** Maps a refusal's field (possibly a path such as "user.email") to the form field it is about. */
function fieldOf(error: RosterErrorData): DraftField | undefined {
  const last = refusedField(error);
  if (last === 'groupIds') return 'groupIds';
  return last !== undefined && FIELD_NAMES.includes(last) ? (last as DraftField) : undefined;
}

export const dirtyEditor = (state: Pick<UserEditorState, 'mode' | 'original' | 'draft'>) =>
  state.mode !== 'none' && isDirty(state.original, state.draft);

/**
 * Whether the caller's role may change users and groups at all (an Auditor may not). While the
 * role is not known yet the dialog offers everything, as before roles: the instance refuses the rest.
 */
export const callerMayWrite = (state: Pick<UserEditorState, 'role'>) =>
  state.role === undefined || holds(state.role, 'directory.write');

/** Whether the open form may be changed: the caller may write, and may manage the user's role. */
export const formEditable = (state: Pick<UserEditorState, 'role' | 'mode' | 'user'>) =>
  callerMayWrite(state) &&
  (state.mode !== 'edit' ||
    !state.user ||
    state.role === undefined ||
    mayManageRole(state.role, state.user.role));

/** `base` with the values of `fields` taken from `from`. */
function withFields(base: UserDraft, from: UserDraft, fields: readonly DraftField[]): UserDraft {
  const result = { ...base };
  for (const field of fields) Object.assign(result, { [field]: from[field] });
  return result;
}

/** A form with nothing typed yet: no user, no refusals. */
const CLOSED = {
  mode: 'none',
  user: undefined,
  opening: undefined,
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
    opening: undefined,
    original: draft,
    draft,
    serverErrors: {},
    formError: undefined,
    createKey: crypto.randomUUID(),
    conflict: undefined,
  }) as const;

export const useUserEditor = create<UserEditorState>()((set, get) => {
  // Which open, New or Close came last: an older read answering late must not replace its form.
  let picks = 0;

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
   * Part of a save went through before a later request was refused: the form takes what was
   * saved (so a retry sends only the rest, to the version the instance now has) and keeps the
   * edits of the `pending` fields.
   */
  const keepSaved = (fresh: UserDetail, pending: readonly DraftField[], mode: EditorMode = get().mode) => {
    const { original, draft } = get();
    const saved = draftOf(fresh);
    set({
      mode,
      user: fresh,
      original: withFields(saved, original, pending),
      draft: withFields(saved, draft, pending),
    });
  };

  /**
   * The admin's edits applied to `target` (the user as last read), only if it is still at that
   * version: fields and groups they did not touch stay as the instance has them. The fields, the
   * groups and the role are separate requests, each sent to the version the one before answered.
   */
  const saveChanges = async (instanceId: string, target: UserDetail): Promise<Result<UserDetail>> => {
    const steps = saveSteps(instanceId, target.id, get().original, get().draft);
    let current = target;
    for (const [index, step] of steps.entries()) {
      const result = await step.run(current);
      if (!result.ok) {
        if (index > 0)
          keepSaved(
            current,
            steps.slice(index).flatMap((pending) => pending.saves),
          );
        return { ok: false, error: step.refusal ? step.refusal(result.error) : result.error };
      }
      current = result.value;
    }
    return { ok: true, value: current };
  };

  const saved = (user: UserDetail) => {
    const fresh = draftOf(user);
    if (get().user?.role !== user.role) get().roleChangedOf(user);
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
    role: undefined,
    invitationMail: undefined,
    signedInAs: undefined,

    reset(instanceId, signedInAs) {
      picks++;
      set({
        instanceId,
        keychain: undefined,
        role: undefined,
        invitationMail: undefined,
        signedInAs,
        ...CLOSED,
      });
      get().loadStatus();
    },

    roleChangedOf(user) {
      if (user.username === get().signedInAs) get().loadStatus();
    },

    loadStatus() {
      const { instanceId } = get();
      void roster()
        .invoke('directory.status', { instanceId })
        .then((result) => {
          if (result.ok && get().instanceId === instanceId) {
            const { keychain, role, invitationMail } = result.value;
            set({ keychain, role, invitationMail });
          }
        });
    },

    async startNew() {
      if (!callerMayWrite(get())) return;
      const pick = ++picks;
      set({ opening: undefined });
      const result = await roster().invoke('directory.users.nextUsername', { instanceId: get().instanceId });
      const username = result.ok ? result.value.username : '';
      if (pick !== picks) return;
      if (!result.ok) useFeedback.getState().showError(result.error);
      set(opened('new', undefined, emptyDraft(username)));
    },

    async open(userId) {
      const pick = ++picks;
      set({ opening: userId });
      const result = await roster().invoke('directory.users.get', { instanceId: get().instanceId, userId });
      if (pick !== picks) return;
      if (!result.ok) {
        set({ opening: undefined });
        return useFeedback.getState().showError(result.error);
      }
      set(opened('edit', result.value, draftOf(result.value)));
    },

    close: () => {
      picks++;
      set(CLOSED);
    },

    setField(field, value) {
      if (!formEditable(get())) return;
      // The refusal was about the old value; editing the field clears it.
      const serverErrors = { ...get().serverErrors, [field]: undefined };
      // A changed new user is another request: a create sent before it keeps its own key.
      const createKey = get().mode === 'new' ? crypto.randomUUID() : get().createKey;
      set({ draft: { ...get().draft, [field]: value }, serverErrors, formError: undefined, createKey });
    },

    async save() {
      const { mode, draft, original, user, instanceId } = get();
      if (mode === 'none' || !isDirty(original, draft)) return true;
      if (!formEditable(get())) {
        set({ formError: { code: 'FORBIDDEN', message: 'Your role cannot change this user.' } });
        return false;
      }
      const policy = usePasswordPolicies.getState().policies[instanceId];
      const errors = validateDraft(draft, mode === 'new', policy);
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
          role: draft.role,
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
      keepSaved(created.value, ['groupIds'], 'edit');
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
        original: { ...original, enabled: fresh.enabled, role: fresh.role },
        draft: {
          ...draft,
          enabled: draft.enabled === original.enabled ? fresh.enabled : draft.enabled,
          role: draft.role === original.role ? fresh.role : draft.role,
        },
        changes: get().changes + 1,
      });
    },

    noteChange: () => set({ changes: get().changes + 1 }),
  };
});
