import { create } from 'zustand';

/** The group whose name or description has unsaved edits in the Groups tab's form, if any. */
export interface GroupDraftState {
  edited: { groupId: number; name: string } | undefined;
}

/**
 * Written by the group form, read by whatever would make it go (another group picked, the other
 * tab, the dialog closed), which asks first: the form keeps its draft to itself otherwise.
 */
export const useGroupDraft = create<GroupDraftState>(() => ({ edited: undefined }));
