import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useState } from 'react';
import type { z } from 'zod';

interface Props {
  title: string;
  label: string;
  initialValue?: string;
  /** Shown under the field while there is nothing to correct. */
  hint: string;
  confirmLabel: string;
  /** The shared rule for the value; the main side checks it again. */
  schema: z.ZodType<string, string>;
  /** Applies the checked value; resolves to the main side's refusal, if any, shown under the field. */
  submit: (value: string) => Promise<string | undefined>;
  onClose: () => void;
}

/** A small dialog that asks for one name (rename an instance, add a group). */
export function SingleFieldDialog({
  title,
  label,
  initialValue = '',
  hint,
  confirmLabel,
  schema,
  submit,
  onClose,
}: Props) {
  const titleId = useId();
  const [value, setValue] = useState(initialValue);
  const [touched, setTouched] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [saving, setSaving] = useState(false);
  const check = schema.safeParse(value);
  const ruleMessage = check.success ? undefined : check.error.issues[0]?.message;
  // The rule speaks once the admin typed, left the field or tried to confirm.
  const error = refusal ?? (touched || value !== initialValue ? ruleMessage : undefined);

  const confirm = async () => {
    setTouched(true);
    if (!check.success || saving) return;
    setSaving(true);
    const refused = await submit(check.data);
    setSaving(false);
    if (refused) setRefusal(refused);
    else onClose();
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void confirm();
        }}
      >
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            margin="dense"
            label={label}
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setRefusal(undefined);
            }}
            onBlur={() => setTouched(true)}
            error={error !== undefined}
            helperText={error ?? hint}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={saving}>
            {confirmLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
