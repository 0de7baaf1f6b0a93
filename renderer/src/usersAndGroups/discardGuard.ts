import { useConfirm } from '../store/confirmStore';
import { dirtyEditor, useUserEditor } from './userEditorStore';

/** Resolves to true when there are no unsaved edits, or the admin agreed to drop them. */
export async function mayDiscardEdits(): Promise<boolean> {
  const editor = useUserEditor.getState();
  if (!dirtyEditor(editor)) return true;
  const who = editor.mode === 'new' ? 'the new user' : editor.draft.username;
  return useConfirm.getState().ask({
    title: 'Discard unsaved changes?',
    message: `Your changes to ${who} have not been saved.`,
    confirmLabel: 'Discard',
    destructive: true,
  });
}
