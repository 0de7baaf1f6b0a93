import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useState } from 'react';
import { InstanceNameSchema, type InstanceView } from '../../../shared/domain/instance';
import { useInstances } from '../store/instancesStore';

export function RenameInstanceDialog({ instance, onClose }: { instance: InstanceView; onClose: () => void }) {
  const rename = useInstances((state) => state.rename);
  const titleId = useId();
  const [name, setName] = useState(instance.name);
  const [serverError, setServerError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const check = InstanceNameSchema.safeParse(name);
  const error = serverError ?? (check.success ? undefined : check.error.issues[0]?.message);

  const submit = async () => {
    if (!check.success || saving) return;
    setSaving(true);
    const refusal = await rename(instance.id, check.data);
    setSaving(false);
    if (refusal) setServerError(refusal.message);
    else onClose();
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <DialogTitle id={titleId}>Rename {instance.name}</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            margin="dense"
            label="Name"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setServerError(undefined);
            }}
            error={error !== undefined}
            helperText={error ?? ' '}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={!check.success || saving}>
            Rename
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
