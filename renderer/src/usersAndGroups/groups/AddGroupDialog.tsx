import { useRef } from 'react';
import type { GroupSummary } from '../../../../shared/domain/directory';
import { GroupNameSchema } from '../../../../shared/domain/userRules';
import { SingleFieldDialog } from '../../dialogs/SingleFieldDialog';
import { roster } from '../../roster/roster';
import { useFeedback } from '../../store/feedbackStore';

export function AddGroupDialog({
  instanceId,
  onCreated,
  onClose,
}: {
  instanceId: string;
  onCreated: (group: GroupSummary) => void;
  onClose: () => void;
}) {
  // One Idempotency-Key per name: adding the same name again after a lost answer gets the group the
  // first attempt made.
  const keys = useRef(new Map<string, string>());
  const keyFor = (name: string) => {
    const key = keys.current.get(name) ?? crypto.randomUUID();
    keys.current.set(name, key);
    return key;
  };
  return (
    <SingleFieldDialog
      title="Add group"
      label="Group name"
      hint="Unique within this instance."
      confirmLabel="Add"
      schema={GroupNameSchema}
      submit={async (name) => {
        const result = await roster().invoke('directory.groups.create', {
          instanceId,
          group: { name },
          idempotencyKey: keyFor(name),
        });
        if (!result.ok) return result.error.message;
        onCreated(result.value);
        useFeedback.getState().show('success', `The group ${result.value.name} was created.`);
        return undefined;
      }}
      onClose={onClose}
    />
  );
}
