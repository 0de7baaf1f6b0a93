import { AddLocalInstanceDialog } from '../dialogs/AddLocalInstanceDialog';
import { ConfirmDialog } from '../dialogs/ConfirmDialog';
import { RemoteInstanceDialog } from '../dialogs/RemoteInstanceDialog';
import { RenameInstanceDialog } from '../dialogs/RenameInstanceDialog';
import { InstanceSettingsDialog } from '../instanceSettings/InstanceSettingsDialog';
import { useInstances } from '../store/instancesStore';
import { useWorkbench } from '../store/workbenchStore';

/**
 * The dialogs the navigator's nodes, the menus, the palette and the keyboard open on an instance,
 * or to add one. They stay when the navigator is hidden.
 */
export function InstanceDialogs() {
  const { instances, editConnectionFor, closeEditConnection, remove } = useInstances();
  const { adding, renaming, removing, settingsFor, set } = useWorkbench();
  const byId = (id: string | undefined) => instances.find((instance) => instance.id === id);
  const settingsOf = byId(settingsFor);
  const editing = byId(editConnectionFor);
  const renamed = byId(renaming);
  const removed = byId(removing);
  return (
    <>
      {adding === 'remote' && <RemoteInstanceDialog onClose={() => set({ adding: undefined })} />}
      {(adding === 'create' || adding === 'open') && (
        <AddLocalInstanceDialog mode={adding} onClose={() => set({ adding: undefined })} />
      )}
      {editing && <RemoteInstanceDialog instance={editing} onClose={closeEditConnection} />}
      {settingsOf && (
        <InstanceSettingsDialog instance={settingsOf} onClose={() => set({ settingsFor: undefined })} />
      )}
      {renamed && <RenameInstanceDialog instance={renamed} onClose={() => set({ renaming: undefined })} />}
      {removed && (
        <ConfirmDialog
          title={`Remove ${removed.name}?`}
          confirmLabel="Remove"
          destructive
          onCancel={() => set({ removing: undefined })}
          onConfirm={() => {
            set({ removing: undefined });
            void remove(removed.id);
          }}
        >
          {removed.kind === 'local'
            ? `"${removed.name}" will no longer be listed in the navigator. Its data file stays on disk at ${removed.location}.`
            : `"${removed.name}" will no longer be listed in the navigator. Roster signs out of ${removed.location} and removes the saved password and session from the OS keychain; the server and its users are not touched.`}
        </ConfirmDialog>
      )}
    </>
  );
}
