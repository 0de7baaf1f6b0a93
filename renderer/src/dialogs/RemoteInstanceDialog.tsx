import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useRef, useState } from 'react';
import type { RosterErrorData } from '../../../shared/contract/errors';
import type { ConnectionTest } from '../../../shared/contract/instances';
import {
  DEFAULT_TIMEOUT_SECONDS,
  InstanceNameSchema,
  ServerUrlSchema,
  SignInNameSchema,
  SignInPasswordSchema,
  TimeoutSecondsSchema,
  type InstanceView,
} from '../../../shared/domain/instance';
import { ruleError } from '../common/fieldError';
import { failureTitle } from '../common/remoteFailure';
import { roster } from '../roster/roster';
import { useFeedback } from '../store/feedbackStore';
import { useInstances } from '../store/instancesStore';

const FIELDS = ['name', 'url', 'username', 'password', 'timeoutSeconds'] as const;
type Field = (typeof FIELDS)[number];
type Errors = Partial<Record<Field | 'form', string>>;

const fieldOf = (error: RosterErrorData): Field | 'form' =>
  FIELDS.find((field) => field === error.field) ?? 'form';

interface Props {
  /** The instance whose connection is edited; absent when adding one. */
  instance?: InstanceView;
  onClose: () => void;
}

/** "Add remote instance…" and "Edit connection…": where the server is, who signs in, and a Test connection. */
export function RemoteInstanceDialog({ instance, onClose }: Props) {
  const editing = instance !== undefined;
  const titleId = useId();
  const [values, setValues] = useState<Record<Field, string>>({
    name: instance?.name ?? '',
    url: instance?.connection?.url ?? '',
    username: instance?.connection?.username ?? '',
    password: '',
    timeoutSeconds: String(instance?.connection?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
  });
  const [touched, setTouched] = useState<ReadonlySet<Field>>(new Set());
  const [refusals, setRefusals] = useState<Errors>({});
  const [busy, setBusy] = useState<'saving' | 'testing'>();
  const [test, setTest] = useState<ConnectionTest>();
  // Which test is current: typing while one runs makes its answer stale, so it is not shown.
  const testRun = useRef(0);

  const timeout = Number(values.timeoutSeconds.trim() === '' ? Number.NaN : values.timeoutSeconds);
  const rules: Errors = {
    name: ruleError(InstanceNameSchema, values.name),
    url: ruleError(ServerUrlSchema, values.url),
    username: ruleError(SignInNameSchema, values.username),
    // Editing: an empty password keeps the one in the keychain.
    password:
      editing && values.password === '' ? undefined : ruleError(SignInPasswordSchema, values.password),
    timeoutSeconds: Number.isNaN(timeout)
      ? 'Enter a number of seconds.'
      : ruleError(TimeoutSecondsSchema, timeout),
  };
  const errorOf = (field: Field) => refusals[field] ?? (touched.has(field) ? rules[field] : undefined);

  const change = (field: Field, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setTouched((current) => new Set(current).add(field));
    setRefusals((current) => ({ ...current, [field]: undefined, form: undefined }));
    testRun.current += 1;
    setTest(undefined);
  };

  const refuse = (error: RosterErrorData) =>
    setRefusals((current) => ({ ...current, [fieldOf(error)]: error.message }));

  /** Marks the fields as touched and says whether the ones needed are right. */
  const ready = (needed: readonly Field[]) => {
    setTouched(new Set([...touched, ...needed]));
    return needed.every((field) => rules[field] === undefined);
  };

  const connection = () => ({
    url: values.url,
    username: values.username,
    timeoutSeconds: timeout,
    ...(values.password === '' ? {} : { password: values.password }),
  });

  const testConnection = async () => {
    if (busy || !ready(['url', 'username', 'password', 'timeoutSeconds'])) return;
    setBusy('testing');
    setTest(undefined);
    const run = ++testRun.current;
    const result = await roster().invoke('instances.testConnection', {
      ...connection(),
      ...(instance ? { id: instance.id } : {}),
    });
    setBusy(undefined);
    if (run !== testRun.current) return;
    if (result.ok) setTest(result.value);
    else refuse(result.error);
  };

  const save = async () => {
    if (busy || !ready(FIELDS)) return;
    setBusy('saving');
    const result = instance
      ? await roster().invoke('instances.editRemote', { id: instance.id, name: values.name, ...connection() })
      : await roster().invoke('instances.addRemote', {
          name: values.name,
          ...connection(),
          password: values.password,
        });
    setBusy(undefined);
    if (!result.ok) return refuse(result.error);
    const instances = useInstances.getState();
    await instances.load();
    instances.select(result.value.id);
    useFeedback
      .getState()
      .show('success', editing ? `${result.value.name} was saved.` : `${result.value.name} was added.`);
    onClose();
  };

  const field = (name: Field, label: string, hint: string, extra: object = {}) => {
    const error = errorOf(name);
    return (
      <TextField
        fullWidth
        margin="dense"
        label={label}
        value={values[name]}
        onChange={(event) => change(name, event.target.value)}
        onBlur={() => setTouched(new Set(touched).add(name))}
        error={error !== undefined}
        helperText={error ?? hint}
        {...extra}
      />
    );
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <DialogTitle id={titleId}>
          {editing ? `Edit connection of ${instance.name}` : 'Add remote instance'}
        </DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 1 }}>
            An Integrate instance server reached over the network. The password is kept only in this
            computer’s keychain.
          </DialogContentText>
          {field('name', 'Name', 'How the instance appears in the navigator.', { autoFocus: true })}
          {field('url', 'Server address', 'http:// or https://, the host and its port.', {
            placeholder: 'https://integrate.example.com:8443',
            inputProps: { spellCheck: false, autoCapitalize: 'off' },
          })}
          <Box sx={{ display: 'flex', gap: 2 }}>
            {field('username', 'Username', 'An Administrator, User manager or Auditor of the server.', {
              inputProps: { spellCheck: false, autoCapitalize: 'off' },
            })}
            {field(
              'password',
              'Password',
              editing ? 'Leave empty to keep the saved password.' : 'Kept in the OS keychain.',
              { type: 'password', autoComplete: 'new-password' },
            )}
          </Box>
          {field('timeoutSeconds', 'Timeout (seconds)', 'How long to wait for each answer.', {
            type: 'number',
            fullWidth: false,
            sx: { width: 200 },
            inputProps: { min: 1, max: 300 },
          })}
          {test ? <TestOutcome test={test} /> : null}
          {refusals.form ? (
            <Alert severity="error" sx={{ mt: 1 }}>
              {refusals.form}
            </Alert>
          ) : null}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button
            variant="outlined"
            onClick={() => void testConnection()}
            disabled={busy !== undefined}
            startIcon={busy === 'testing' ? <CircularProgress size={16} /> : undefined}
            sx={{ mr: 'auto' }}
          >
            {busy === 'testing' ? 'Testing…' : 'Test connection'}
          </Button>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy !== undefined}>
            {editing ? 'Save' : 'Add'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function TestOutcome({ test }: { test: ConnectionTest }) {
  if (test.ok)
    return (
      <Alert severity="success" role="status" sx={{ mt: 1 }}>
        <AlertTitle>Connection works</AlertTitle>
        Signed in as {test.username} on {test.server.name} {test.server.version}.
      </Alert>
    );
  return (
    <Alert severity="error" role="status" sx={{ mt: 1 }}>
      <AlertTitle>{failureTitle(test.error) ?? 'Connection failed'}</AlertTitle>
      {test.error.message}
    </Alert>
  );
}
