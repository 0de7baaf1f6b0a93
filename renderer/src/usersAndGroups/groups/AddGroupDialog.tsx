import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useState } from 'react';
import type { GroupSummary } from '../../../../shared/domain/directory';
import { GroupNameSchema } from '../../../../shared/domain/userRules';
import { ruleError } from '../../common/fieldError';
import { roster } from '../../roster/roster';
import { useFeedback } from '../../store/feedbackStore';

export function AddGroupDialog({
  instanceId,
  onClose,
}: {
  instanceId: string;
  onClose: (created?: GroupSummary) => void;
}) {
  const titleId = useId();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [serverError, setServerError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const ruleMessage = ruleError(GroupNameSchema, name);
  const error = serverError ?? (touched ? ruleMessage : undefined);

  const submit = async () => {
    setTouched(true);
    if (ruleMessage || saving) return;
    setSaving(true);
    const result = await roster().invoke('directory.groups.create', { instanceId, group: { name } });
    setSaving(false);
    if (!result.ok) return setServerError(result.error.message);
    useFeedback.getState().show('success', `The group ${result.value.name} was created.`);
    onClose(result.value);
  };

  return (
    <Dialog open onClose={() => onClose()} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <DialogTitle id={titleId}>Add group</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            margin="dense"
            label="Group name"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setServerError(undefined);
            }}
            onBlur={() => setTouched(true)}
            error={error !== undefined}
            helperText={error ?? 'Unique within this instance.'}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose()}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={saving}>
            Add
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
