import Box from '@mui/material/Box';
import DialogContentText from '@mui/material/DialogContentText';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { RosterErrorData } from '../../../../shared/contract/errors';
import type { Invitation } from '../../../../shared/domain/directory';
import type { InstanceView } from '../../../../shared/domain/instance';
import { DEFAULT_ROLE, grantableRoles, ROLE_LABELS, roles, type Role } from '../../../../shared/domain/roles';
import { DisplayNameSchema, EmailSchema, UsernameSchema } from '../../../../shared/domain/userRules';
import { FailureAlert } from '../../common/FailureAlert';
import { ruleError } from '../../common/fieldError';
import { roster } from '../../roster/roster';
import type { TermsDraft } from '../invitationTerms';
import { refusedField } from '../refusals';
import { ROLE_DESCRIPTIONS } from '../roleText';
import { useUserEditor } from '../userEditorStore';
import { InvitationLink } from './InvitationLink';
import { InvitationTermsFields } from './InvitationTermsFields';
import { OneTimeResultDialog } from './OneTimeResultDialog';
import { useInvitationTerms } from './useInvitationTerms';

interface Person {
  username: string;
  displayName: string;
  email: string;
  role: Role;
}
type PersonField = keyof Omit<Person, 'role'>;

const RULES = { username: UsernameSchema, displayName: DisplayNameSchema, email: EmailSchema } as const;

/**
 * Invite user…: an account without a password, and a one-time link with which its owner sets one.
 * Shows the link afterwards, to copy (and says whether the instance mailed it).
 */
export function InviteUserDialog({
  instance,
  callerRole,
  onClose,
}: {
  instance: InstanceView;
  /** The role the dialog acts with; undefined (not known yet) offers every role. */
  callerRole: Role | undefined;
  onClose: () => void;
}) {
  const offered = callerRole === undefined ? roles : grantableRoles(callerRole);
  const [person, setPerson] = useState<Person>({
    username: '',
    displayName: '',
    email: '',
    role: offered.includes(DEFAULT_ROLE) || offered.length === 0 ? DEFAULT_ROLE : offered[0],
  });
  const { terms, setTerms, mail, problem: termsProblem, chosen } = useInvitationTerms();
  const [touched, setTouched] = useState<ReadonlySet<PersonField>>(new Set());
  const [tried, setTried] = useState(false);
  const [refusals, setRefusals] = useState<Partial<Record<string, string>>>({});
  const [failure, setFailure] = useState<RosterErrorData>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Invitation>();
  /** Kept while the invitation is unchanged, so a Retry after a lost answer does not invite twice. */
  const [key, setKey] = useState(() => crypto.randomUUID());
  const usernameInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let current = true;
    void roster()
      .invoke('directory.users.nextUsername', { instanceId: instance.id })
      .then((answer) => {
        if (!current || !answer.ok) return;
        const { username } = answer.value;
        // Only if the admin has not started typing one meanwhile; selected in the same task, so
        // that a key pressed just after it replaces the suggestion rather than adding to it.
        flushSync(() => setPerson((now) => (now.username === '' ? { ...now, username } : now)));
        if (usernameInput.current?.value === username) usernameInput.current.select();
      });
    return () => {
      current = false;
    };
  }, [instance.id]);

  const problems: Partial<Record<PersonField, string>> = {};
  for (const field of Object.keys(RULES) as PersonField[]) {
    const message = ruleError(RULES[field], person[field]);
    if (message !== undefined) problems[field] = message;
  }

  const edit = (change: Partial<Person>) => {
    setPerson({ ...person, ...change });
    setRefusals((current) => ({
      ...current,
      ...Object.fromEntries(Object.keys(change).map((f) => [f, undefined])),
    }));
    setFailure(undefined);
    setKey(crypto.randomUUID());
  };
  const editTerms = (next: TermsDraft) => {
    setTerms(next);
    setKey(crypto.randomUUID());
  };

  const invite = async () => {
    setTried(true);
    if (busy || Object.keys(problems).length > 0 || termsProblem !== undefined) return;
    setBusy(true);
    setFailure(undefined);
    const answer = await roster().invoke('directory.users.invite', {
      instanceId: instance.id,
      invitation: { ...person, ...chosen() },
      idempotencyKey: key,
    });
    setBusy(false);
    if (answer.ok) {
      setResult(answer.value);
      useUserEditor.getState().noteChange();
      return;
    }
    const field = refusedField(answer.error);
    if (field !== undefined && (field in RULES || field === 'role'))
      setRefusals({ ...refusals, [field]: answer.error.message });
    else setFailure(answer.error);
  };

  const messageOf = (field: PersonField | 'role') =>
    refusals[field] ?? (field !== 'role' && (touched.has(field) || tried) ? problems[field] : undefined);

  const textField = (field: PersonField, label: string, hint: string, type = 'text') => {
    const message = messageOf(field);
    return (
      <TextField
        label={label}
        type={type}
        value={person[field]}
        onChange={(event) => edit({ [field]: event.target.value })}
        onBlur={() => setTouched(new Set(touched).add(field))}
        error={message !== undefined}
        helperText={message ?? hint}
        disabled={busy}
        required
        fullWidth
        {...(field === 'username' ? { inputRef: usernameInput, autoFocus: true } : {})}
      />
    );
  };

  return (
    <OneTimeResultDialog
      title="Invite user"
      result={result && <InvitationLink invitation={result} replaced={false} />}
      actionLabel="Invite"
      busy={busy}
      onAction={() => void invite()}
      onClose={onClose}
    >
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
        <DialogContentText sx={{ mb: 1 }}>
          The new user sets their own password with a link that works once.
        </DialogContentText>
        {textField('username', 'Username', 'Unique; letters, digits, ".", "_" and "-".')}
        {textField('displayName', 'Display name', '4 to 20 characters.')}
        {textField('email', 'Email address', 'Where the link can be mailed.', 'email')}
        <TextField
          select
          label="Role"
          value={person.role}
          onChange={(event) => edit({ role: event.target.value as Role })}
          error={messageOf('role') !== undefined}
          helperText={messageOf('role') ?? ROLE_DESCRIPTIONS[person.role]}
          disabled={busy}
          fullWidth
        >
          {offered.map((role) => (
            <MenuItem key={role} value={role}>
              {ROLE_LABELS[role]}
            </MenuItem>
          ))}
        </TextField>
        <InvitationTermsFields
          terms={terms}
          onChange={editTerms}
          hoursError={termsProblem}
          mail={mail}
          local={instance.kind === 'local'}
          disabled={busy}
        />
        {failure ? <FailureAlert error={failure} sx={{ mt: 1 }} onRetry={() => void invite()} /> : null}
      </Box>
    </OneTimeResultDialog>
  );
}
