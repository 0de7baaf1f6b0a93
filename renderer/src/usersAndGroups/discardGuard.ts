import { useConfirm } from '../store/confirmStore';
import { useGroupDraft } from './groupDraftStore';
import { dirtyEditor, useUserEditor } from './userEditorStore';

const askToDiscard = (what: string) =>
  useConfirm.getState().ask({
    title: 'Discard unsaved changes?',
    message: `Your changes to ${what} have not been saved.`,
    confirmLabel: 'Discard',
    destructive: true,
  });

/** Resolves to true when the user form has no unsaved edits, or the admin agreed to drop them. */
export async function mayDiscardUserEdits(): Promise<boolean> {
  const editor = useUserEditor.getState();
  if (!dirtyEditor(editor)) return true;
  return askToDiscard(editor.mode === 'new' ? 'the new user' : editor.draft.username);
}

/** As mayDiscardUserEdits, for the group form's name and description. */
export async function mayDiscardGroupEdits(): Promise<boolean> {
  const { edited } = useGroupDraft.getState();
  return edited === undefined || askToDiscard(`the group ${edited.name}`);
}

/** Both forms' edits, for the dialog closing. */
export async function mayDiscardEdits(): Promise<boolean> {
  return (await mayDiscardUserEdits()) && (await mayDiscardGroupEdits());
}
