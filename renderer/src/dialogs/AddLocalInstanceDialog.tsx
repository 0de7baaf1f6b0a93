import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useState } from 'react';
import { InstanceNameSchema } from '../../../shared/domain/instance';
import { ruleError } from '../common/fieldError';
import { roster } from '../roster/roster';
import { useFeedback } from '../store/feedbackStore';
import { useInstances } from '../store/instancesStore';

type Mode = 'create' | 'open';

/** New local instance (a fresh file in the data folder) or an existing instance file added to the navigator. */
export function AddLocalInstanceDialog({ mode, onClose }: { mode: Mode; onClose: () => void }) {
  const titleId = useId();
  const [name, setName] = useState('');
  const [file, setFile] = useState('');
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; file?: string; form?: string }>({});
  const [saving, setSaving] = useState(false);
  const nameRule = ruleError(InstanceNameSchema, name);
  const fileRule = mode === 'open' && file.trim() === '' ? 'Enter the path of an instance file.' : undefined;

  const submit = async () => {
    setTouched(true);
    if (nameRule || fileRule || saving) return;
    setSaving(true);
    const result = await roster().invoke('instances.addLocal', {
      name,
      mode,
      ...(mode === 'open' ? { file } : {}),
    });
    setSaving(false);
    if (!result.ok) {
      const field =
        result.error.field === 'name' || result.error.field === 'file' ? result.error.field : 'form';
      return setErrors({ [field]: result.error.message });
    }
    await useInstances.getState().load();
    useInstances.getState().select(result.value.id);
    useFeedback.getState().show('success', `${result.value.name} was added to the navigator.`);
    onClose();
  };

  const nameError = errors.name ?? (touched ? nameRule : undefined);
  const fileError = errors.file ?? (touched ? fileRule : undefined);
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <DialogTitle id={titleId}>
          {mode === 'create' ? 'New local instance' : 'Open instance file'}
        </DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 1 }}>
            {mode === 'create'
              ? 'A new, empty instance stored in a file in Roster’s data folder. It works without a network.'
              : 'Add an existing Roster instance file to the navigator. Files that are not Roster instances are refused and left untouched.'}
          </DialogContentText>
          <TextField
            autoFocus
            fullWidth
            margin="dense"
            label="Name"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setErrors({ ...errors, name: undefined, form: undefined });
            }}
            error={nameError !== undefined}
            helperText={nameError ?? 'How the instance appears in the navigator.'}
          />
          {mode === 'open' ? (
            <TextField
              fullWidth
              margin="dense"
              label="Instance file"
              placeholder="/path/to/instance.sqlite"
              value={file}
              onChange={(event) => {
                setFile(event.target.value);
                setErrors({ ...errors, file: undefined, form: undefined });
              }}
              error={fileError !== undefined}
              helperText={fileError ?? 'The full path of the file.'}
            />
          ) : null}
          {errors.form ? <DialogContentText color="error">{errors.form}</DialogContentText> : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={saving}>
            {mode === 'create' ? 'Create' : 'Open'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
