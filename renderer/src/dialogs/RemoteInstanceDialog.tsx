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
import { useEffect, useId, useRef, useState } from 'react';
import type { RosterErrorData } from '../../../shared/contract/errors';
import type { ConnectionTest } from '../../../shared/contract/instances';
import type { CertificateDetails, PinnedCertificate } from '../../../shared/domain/certificate';
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
import { CertificateOffer, TrustCertificateDialog, TrustedCertificate } from './CertificateTrust';
import { NewPasswordFields } from './NewPasswordFields';

const FIELDS = ['name', 'url', 'username', 'password', 'timeoutSeconds'] as const;
type Field = (typeof FIELDS)[number];
type Errors = Partial<Record<Field | 'newPassword' | 'form', string>>;

const fieldOf = (error: RosterErrorData): Field | 'newPassword' | 'form' =>
  error.field === 'newPassword' ? 'newPassword' : (FIELDS.find((field) => field === error.field) ?? 'form');

/** The server signed the account in but allows it nothing until its reset password is replaced. */
const asksNewPassword = (test: ConnectionTest | undefined) =>
  test !== undefined && !test.ok && test.error.kind === 'password-change';

/** The certificate a failed test offers to trust, if that is what failed. */
const untrustedOf = (test: ConnectionTest | undefined): CertificateDetails | undefined =>
  test !== undefined && !test.ok && test.error.kind === 'untrusted-certificate'
    ? test.error.certificate
    : undefined;

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
  const [busy, setBusy] = useState<'saving' | 'testing' | 'changing'>();
  const [test, setTest] = useState<ConnectionTest>();
  /**
   * After "Change password" the server has the new password: the main side saved it already (an
   * existing instance, connected fine), or it waits in the Password field for Add or Save.
   */
  const [changed, setChanged] = useState<'saved' | 'inField'>();
  /**
   * A certificate trusted in this dialog for the address typed, sent with Test, Add and Save: for a
   * new instance, or a new address (an instance keeps its own pin for its saved address).
   */
  const [pin, setPin] = useState<PinnedCertificate>();
  /** The certificate whose trust is being confirmed. */
  const [offered, setOffered] = useState<CertificateDetails>();
  const [trusting, setTrusting] = useState<'trusting' | 'forgetting'>();
  // Which test is current: typing while one runs makes its answer stale, so it is not shown.
  const testRun = useRef(0);
  const submitButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    // The new password fields that had focus are gone; what comes next is Add or Save.
    if (changed) submitButton.current?.focus();
  }, [changed]);

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
    setChanged(undefined);
    // A trusted certificate belongs to the address it was shown by.
    if (field === 'url') setPin(undefined);
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
    ...(pin === undefined ? {} : { trustedCertificate: pin }),
  });

  /** The saved instance is at the address typed: a pin for it is kept with it at once. */
  const atSavedAddress = () =>
    instance?.connection !== undefined && values.url.trim().replace(/\/+$/, '') === instance.connection.url;

  const testConnection = async (trusted = pin) => {
    if (busy || !ready(['url', 'username', 'password', 'timeoutSeconds'])) return;
    setBusy('testing');
    setTest(undefined);
    setChanged(undefined);
    setRefusals((current) => ({ ...current, newPassword: undefined }));
    const run = ++testRun.current;
    const result = await roster().invoke('instances.testConnection', {
      ...connection(),
      ...(trusted === undefined ? {} : { trustedCertificate: trusted }),
      ...(instance ? { id: instance.id } : {}),
    });
    setBusy(undefined);
    if (run !== testRun.current) return;
    if (result.ok) setTest(result.value);
    else refuse(result.error);
  };

  const changePassword = async (newPassword: string) => {
    if (busy) return;
    setBusy('changing');
    const run = testRun.current;
    const result = await roster().invoke('instances.changePassword', {
      ...connection(),
      ...(instance ? { id: instance.id } : {}),
      newPassword,
    });
    setBusy(undefined);
    if (!result.ok) return refuse(result.error);
    const outcome = result.value;
    // The server's policy refused it (or this account may not choose its own): say so by the field.
    if (!outcome.ok && (outcome.error.kind === 'validation' || outcome.error.field === 'newPassword'))
      return setRefusals((current) => ({ ...current, newPassword: outcome.error.message }));
    // The server took the new password when it answers at all after the change (success, or a role
    // that may not manage users): it is the password now, so Add or Save keeps it.
    if (outcome.ok || outcome.error.kind === 'not-admin') {
      setValues((current) => ({ ...current, password: newPassword }));
      setChanged(instance && outcome.ok ? 'saved' : 'inField');
    }
    if (run === testRun.current) setTest(outcome);
  };

  /** After the admin confirmed: kept with the instance (which connects again), or for Test and Add. */
  const trust = async (certificate: CertificateDetails) => {
    const chosen = { fingerprint: certificate.fingerprint, pem: certificate.pem };
    if (instance && atSavedAddress()) {
      setTrusting('trusting');
      const result = await roster().invoke('instances.trustCertificate', {
        id: instance.id,
        certificate: chosen,
      });
      setTrusting(undefined);
      setOffered(undefined);
      setTest(undefined);
      if (!result.ok) return refuse(result.error);
      useFeedback
        .getState()
        .show(
          result.value.state === 'connected' ? 'success' : 'error',
          result.value.state === 'connected'
            ? `The certificate is trusted for ${result.value.name}, and Roster is connected.`
            : `The certificate is trusted for ${result.value.name}. ${result.value.stateDetail ?? ''}`,
        );
      return;
    }
    setPin(chosen);
    setOffered(undefined);
    await testConnection(chosen);
  };

  const forget = async () => {
    if (!instance) return;
    setTrusting('forgetting');
    const result = await roster().invoke('instances.forgetCertificate', { id: instance.id });
    setTrusting(undefined);
    if (!result.ok) return refuse(result.error);
    useFeedback.getState().show('success', `${result.value.name} no longer trusts its own certificate.`);
  };

  // Opened on an instance refused for its certificate (from the status bar, say): offered at once.
  const refusedCertificate =
    test === undefined && instance?.stateKind === 'untrusted-certificate'
      ? instance.stateCertificate
      : undefined;
  const untrusted = untrustedOf(test) ?? refusedCertificate;
  const untrustedMessage =
    test !== undefined && !test.ok
      ? test.error.message
      : (instance?.stateDetail ?? 'The certificate is not trusted.');

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
      <Box
        component="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        // The content scrolls between a fixed title and buttons when Change password makes it tall.
        sx={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}
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
          {untrusted ? (
            <CertificateOffer
              message={untrustedMessage}
              certificate={untrusted}
              onTrust={() => setOffered(untrusted)}
            />
          ) : test ? (
            <TestOutcome test={test} username={values.username} />
          ) : null}
          {instance?.connection?.trustedFingerprint && atSavedAddress() ? (
            <TrustedCertificate
              fingerprint={instance.connection.trustedFingerprint}
              busy={trusting !== undefined}
              onForget={() => void forget()}
            />
          ) : null}
          {asksNewPassword(test) ? (
            <NewPasswordFields
              refusal={refusals.newPassword}
              busy={busy === 'changing'}
              onEdit={() => setRefusals((current) => ({ ...current, newPassword: undefined }))}
              onSubmit={(newPassword) => void changePassword(newPassword)}
            />
          ) : null}
          {changed ? (
            <Alert severity="info" sx={{ mt: 1 }}>
              {changed === 'saved'
                ? 'The new password is saved in the OS keychain, and Roster connects with it.'
                : `The new password is in the Password field: ${editing ? 'Save' : 'Add'} keeps it in the OS keychain.`}
            </Alert>
          ) : null}
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
          <Button ref={submitButton} type="submit" variant="contained" disabled={busy !== undefined}>
            {editing ? 'Save' : 'Add'}
          </Button>
        </DialogActions>
      </Box>
      {offered ? (
        <TrustCertificateDialog
          certificate={offered}
          address={values.url.trim()}
          busy={trusting === 'trusting'}
          onConfirm={() => void trust(offered)}
          onCancel={() => setOffered(undefined)}
        />
      ) : null}
    </Dialog>
  );
}

function TestOutcome({ test, username }: { test: ConnectionTest; username: string }) {
  if (asksNewPassword(test))
    return (
      <Alert severity="warning" role="status" sx={{ mt: 1 }}>
        <AlertTitle>Your password was reset: choose a new one</AlertTitle>
        An administrator of the server reset the password of {username.trim()}. Until a new one is chosen, the
        server lets this account do nothing else.
      </Alert>
    );
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
