import PersonAddAlt1Outlined from '@mui/icons-material/PersonAddAlt1Outlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { memo, useEffect, useRef, useState } from 'react';
import type { InstanceView } from '../../../../shared/domain/instance';
import { grantableRoles, ROLE_LABELS, roles, type Role } from '../../../../shared/domain/roles';
import { FailureAlert } from '../../common/FailureAlert';
import { EmptySection } from '../EmptySection';
import { policyHint, usePasswordPolicy } from '../passwordPolicy';
import { ROLE_DESCRIPTIONS, unmanageableNote } from '../roleText';
import { validateDraft, type DraftField } from '../userDraft';
import { callerMayWrite, formEditable, useUserEditor } from '../userEditorStore';
import { AccessPanel } from './AccessPanel';
import { ConflictPanel } from './ConflictPanel';
import { PasswordSection } from './PasswordSection';
import { SessionsPanel } from './SessionsPanel';
import { TokenPanel } from './tokens/TokenPanel';
import { UserGroupsField } from './UserGroupsField';
import { UserHistory } from './UserHistory';

type TextFieldName = 'username' | 'password' | 'displayName' | 'email';

const NoIcon = () => null;

/** Memoised: typing in the users filter re-renders the list, not the form. */
export const UserEditor = memo(function UserEditor({ instance }: { instance: InstanceView }) {
  const mode = useUserEditor((state) => state.mode);
  const userId = useUserEditor((state) => state.user?.id);
  const writable = useUserEditor(callerMayWrite);
  if (mode === 'none') {
    return (
      <EmptySection icon={<PersonAddAlt1Outlined sx={{ fontSize: 44 }} />} title="No user selected">
        {writable
          ? 'Select a user to edit it, or add one with Add user (Ctrl+N).'
          : 'Select a user to see it.'}
      </EmptySection>
    );
  }
  // A fresh form per user: nothing typed or touched carries over from the previous one.
  return <UserForm key={mode === 'new' ? 'new' : String(userId)} instance={instance} />;
});

function UserForm({ instance }: { instance: InstanceView }) {
  const { mode, draft, user, serverErrors, formError, conflict, setField } = useUserEditor();
  const callerRole = useUserEditor((state) => state.role);
  const writable = useUserEditor(callerMayWrite);
  const editable = useUserEditor(formEditable);
  const [touched, setTouched] = useState<ReadonlySet<DraftField>>(new Set());
  const usernameInput = useRef<HTMLInputElement>(null);
  const isNew = mode === 'new';
  // An existing user's form asks for the policy only once the admin types a new password.
  const policy = usePasswordPolicy(instance.id, isNew || draft.password !== '');

  useEffect(() => {
    // A new user's prefilled username is where the admin types next (selected, to replace it). An
    // existing user keeps the focus where it was, so the arrow keys keep walking the list.
    if (isNew) {
      usernameInput.current?.focus();
      usernameInput.current?.select();
    }
  }, [isNew]);

  const ruleErrors = validateDraft(draft, isNew, policy);
  // Rule messages wait until a field was left or a save was tried; the main side's refusals show at once.
  const errorFor = (field: DraftField) =>
    serverErrors[field] ?? (touched.has(field) || formError ? ruleErrors[field] : undefined);
  const touch = (field: DraftField) => setTouched((current) => new Set(current).add(field));

  const field = (
    name: TextFieldName,
    label: string,
    {
      helperText,
      readOnly = false,
      ...extra
    }: Partial<React.ComponentProps<typeof TextField>> & { readOnly?: boolean } = {},
  ) => {
    const error = editable ? errorFor(name) : undefined;
    return (
      <TextField
        {...extra}
        label={label}
        value={draft[name]}
        onChange={(event) => setField(name, event.target.value)}
        onBlur={() => touch(name)}
        error={error !== undefined}
        helperText={error ?? (editable ? helperText : undefined) ?? ' '}
        required={editable && (isNew || name !== 'password')}
        fullWidth
        slotProps={{ htmlInput: { readOnly: readOnly || !editable } }}
      />
    );
  };

  // The roles the caller may give; the user's own role too, so that the select can show it.
  const roleOptions: readonly Role[] = !editable
    ? [draft.role]
    : callerRole === undefined
      ? roles
      : [...new Set([...grantableRoles(callerRole), draft.role])];
  const roleError = editable ? serverErrors.role : undefined;
  // Why a caller who may change users cannot change this one (an Auditor reads the dialog's notice).
  const note =
    writable && callerRole !== undefined && user && !isNew
      ? unmanageableNote(callerRole, user.role)
      : undefined;

  return (
    <Box
      component="form"
      aria-label={isNew ? 'New user' : `User ${draft.username}`}
      noValidate
      onSubmit={(event) => event.preventDefault()}
      sx={{ overflow: 'auto', p: 2, display: 'flex', flexDirection: 'column', gap: 0.5 }}
    >
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
        {isNew ? 'New user' : draft.username}
      </Typography>
      {note ? (
        <Alert severity="info" variant="outlined" role="note" sx={{ mb: 1.5 }}>
          {note} This form is read-only.
        </Alert>
      ) : null}
      {conflict ? <ConflictPanel server={conflict} /> : null}
      {formError ? (
        <FailureAlert
          error={formError}
          variant="outlined"
          sx={{ mb: 1 }}
          onRetry={() => void useUserEditor.getState().save()}
        />
      ) : null}
      {field('username', 'Username', {
        inputRef: usernameInput,
        helperText: isNew ? 'Unique; letters, digits, ".", "_" and "-".' : 'The username cannot be changed.',
        readOnly: !isNew,
      })}
      {editable && !user?.invited
        ? field('password', 'Password', {
            type: 'password',
            autoComplete: 'new-password',
            helperText: isNew ? policyHint(policy) : 'Leave empty to keep the current password.',
          })
        : null}
      {field('displayName', 'Display name', { helperText: '4 to 20 characters.' })}
      {field('email', 'Email address', { type: 'email' })}
      <TextField
        select
        label="Role"
        value={draft.role}
        onChange={(event) => setField('role', event.target.value as Role)}
        error={roleError !== undefined}
        helperText={roleError ?? ROLE_DESCRIPTIONS[draft.role]}
        fullWidth
        // Read-only: no arrow that promises a list which does not open.
        slotProps={{ input: { readOnly: !editable }, select: editable ? {} : { IconComponent: NoIcon } }}
      >
        {roleOptions.map((role) => (
          <MenuItem key={role} value={role}>
            {ROLE_LABELS[role]}
          </MenuItem>
        ))}
      </TextField>
      <FormControlLabel
        control={
          <Switch
            checked={draft.enabled}
            disabled={!editable}
            onChange={(event) => setField('enabled', event.target.checked)}
          />
        }
        label="Enabled"
      />
      <Divider sx={{ my: 1.5 }} />
      <UserGroupsField instanceId={instance.id} editable={editable} />
      {user && !isNew ? (
        <>
          <Divider sx={{ my: 1.5 }} />
          <PasswordSection instance={instance} user={user} />
          <Divider sx={{ my: 1.5 }} />
          <AccessPanel key={user.id} instanceId={instance.id} user={user} />
          <Divider sx={{ my: 1.5 }} />
          <SessionsPanel instanceId={instance.id} user={user} />
          <Divider sx={{ my: 1.5 }} />
          <TokenPanel instanceId={instance.id} user={user} />
          <Divider sx={{ my: 1.5 }} />
          <UserHistory instanceId={instance.id} user={user} />
        </>
      ) : null}
    </Box>
  );
}
