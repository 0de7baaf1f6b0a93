import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useId } from 'react';
import { characterClasses, PASSWORD_LIMIT, type CharacterClass } from '../../../shared/domain/passwordPolicy';
import type { PolicyDraft, PolicyErrors } from './policyDraft';

const CLASS_NAMES: Readonly<Record<CharacterClass, string>> = {
  lower: 'Lower-case letter',
  upper: 'Upper-case letter',
  digit: 'Digit',
  symbol: 'Symbol',
};

interface Props {
  draft: PolicyDraft;
  errors: PolicyErrors;
  /** Shows the policy without letting it change (a role that may not change instance settings). */
  readOnly: boolean;
  onChange: (draft: PolicyDraft) => void;
}

/** The password policy's controls: lengths, the kinds of character required, and "not the username". */
export function PasswordPolicyFields({ draft, errors, readOnly, onChange }: Props) {
  const kindsHelpId = useId();
  const usernameHelpId = useId();
  const length = (field: 'minLength' | 'maxLength', label: string) => (
    <TextField
      label={label}
      type="number"
      margin="dense"
      value={draft[field]}
      onChange={(event) => onChange({ ...draft, [field]: event.target.value })}
      error={errors[field] !== undefined}
      helperText={errors[field] ?? 'Characters.'}
      disabled={readOnly}
      slotProps={{ htmlInput: { min: 1, max: PASSWORD_LIMIT, step: 1 } }}
      sx={{ flex: 1 }}
    />
  );
  const toggleKind = (kind: CharacterClass, on: boolean) =>
    onChange({
      ...draft,
      // Kept in the shared order, so that a saved policy reads the same whichever box was ticked first.
      require: characterClasses.filter((other) => (other === kind ? on : draft.require.includes(other))),
    });

  return (
    <>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
        {length('minLength', 'Minimum length')}
        {length('maxLength', 'Maximum length')}
      </Box>
      <FormControl
        component="fieldset"
        margin="dense"
        disabled={readOnly}
        aria-describedby={kindsHelpId}
        sx={{ display: 'flex' }}
      >
        <FormLabel component="legend">Every password must contain at least one</FormLabel>
        <FormGroup row>
          {characterClasses.map((kind) => (
            <FormControlLabel
              key={kind}
              label={CLASS_NAMES[kind]}
              control={
                <Checkbox
                  checked={draft.require.includes(kind)}
                  onChange={(event) => toggleKind(kind, event.target.checked)}
                />
              }
            />
          ))}
        </FormGroup>
        <FormHelperText id={kindsHelpId} sx={{ mx: 0 }}>
          A symbol is any character other than a letter, a digit or a space, such as ! # % or @.
        </FormHelperText>
      </FormControl>
      <FormControl margin="dense" disabled={readOnly} sx={{ display: 'flex' }}>
        <FormControlLabel
          label="Not the username"
          control={
            <Switch
              checked={draft.notUsername}
              onChange={(event) => onChange({ ...draft, notUsername: event.target.checked })}
              slotProps={{ input: { 'aria-describedby': usernameHelpId } }}
            />
          }
        />
        <FormHelperText id={usernameHelpId} sx={{ mx: 0 }}>
          Refuses a password equal to the username, whatever its case.
        </FormHelperText>
      </FormControl>
    </>
  );
}
