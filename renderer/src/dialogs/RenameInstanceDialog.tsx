import { InstanceNameSchema, type InstanceView } from '../../../shared/domain/instance';
import { useInstances } from '../store/instancesStore';
import { SingleFieldDialog } from './SingleFieldDialog';

export function RenameInstanceDialog({ instance, onClose }: { instance: InstanceView; onClose: () => void }) {
  const rename = useInstances((state) => state.rename);
  return (
    <SingleFieldDialog
      title={`Rename ${instance.name}`}
      label="Name"
      initialValue={instance.name}
      hint="How the instance appears in the navigator."
      confirmLabel="Rename"
      schema={InstanceNameSchema}
      submit={async (name) => (await rename(instance.id, name))?.message}
      onClose={onClose}
    />
  );
}
