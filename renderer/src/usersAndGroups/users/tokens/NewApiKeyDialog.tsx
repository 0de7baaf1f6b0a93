import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import DialogContentText from '@mui/material/DialogContentText';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { RosterErrorData } from '../../../../../shared/contract/errors';
import {
  apiKeyProblem,
  apiKeyScopes,
  NewApiKeySchema,
  widestKeyScope,
  type ApiKeyScope,
  type CreatedApiKey,
  type NewApiKey,
} from '../../../../../shared/domain/apiKeys';
import type { UserDetail } from '../../../../../shared/domain/directory';
import type { Role } from '../../../../../shared/domain/roles';
import { FailureAlert } from '../../../common/FailureAlert';
import { roster } from '../../../roster/roster';
import { refusedField } from '../../refusals';
import { fullTime } from '../../timeText';
import { CopyField } from '../CopyField';
import { OneTimeResultDialog } from '../OneTimeResultDialog';
import { DEFAULT_LIFETIME, expiryHint, lifetimesFor } from './apiKeyLifetimes';
import { readOnlyRoleNote, SCOPE_LABELS, scopeDescription } from './keyScopes';

type Field = keyof NewApiKey;
type Problems = Partial<Record<Field, string>>;

const FIELDS: readonly string[] = ['name', 'scope', 'expiresInDays'] satisfies readonly Field[];
const isField = (name: unknown): name is Field => typeof name === 'string' && FIELDS.includes(name);

/** The shared rules, then what the user's role allows: the same checks the instance makes again. */
function problemsOf(role: Role, key: NewApiKey): Problems {
  const problems: Problems = {};
  const parsed = NewApiKeySchema.safeParse(key);
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = issue.path[0];
    if (isField(field)) problems[field] ??= issue.message;
  }
  const refused = apiKeyProblem(role, key);
  if (refused) problems[refused.field] ??= refused.message;
  return problems;
}

/**
 * New API key…: a named key with a lifetime and a scope for `user`. The instance shows its value in
 * this answer only; this machine's keychain keeps a copy, so the tokens table can show it again here.
 */
export function NewApiKeyDialog({
  instanceId,
  user,
  onCreated,
  onClose,
}: {
  instanceId: string;
  user: UserDetail;
  onCreated: (created: CreatedApiKey) => void;
  onClose: () => void;
}) {
  const lifetimes = lifetimesFor(user.role);
  const readOnly = widestKeyScope(user.role) === 'read';
  const [name, setName] = useState('');
  const [lifetimeId, setLifetimeId] = useState(DEFAULT_LIFETIME.id);
  // The narrower scope first: a key that only reads does the least harm when it leaks.
  const [scope, setScope] = useState<ApiKeyScope>('read');
  const [nameTouched, setNameTouched] = useState(false);
  const [tried, setTried] = useState(false);
  const [refusals, setRefusals] = useState<Problems>({});
  const [failure, setFailure] = useState<RosterErrorData>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey>();
  /** Kept while the key asked for is unchanged, so a Retry after a lost answer does not make two. */
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const scopeLabelId = useId();
  const scopeHelpId = useId();

  const lifetime = lifetimes.find((choice) => choice.id === lifetimeId) ?? DEFAULT_LIFETIME;
  const key: NewApiKey = { name, scope, expiresInDays: lifetime.days };
  const problems = problemsOf(user.role, key);
  const messageOf = (field: Field) =>
    refusals[field] ?? (field !== 'name' || nameTouched || tried ? problems[field] : undefined);

  const edited = (field: Field) => {
    setRefusals((now) => ({ ...now, [field]: undefined }));
    setFailure(undefined);
    setIdempotencyKey(crypto.randomUUID());
  };

  const create = async () => {
    setTried(true);
    if (busy || Object.keys(problems).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    const answer = await roster().invoke('directory.keys.create', {
      instanceId,
      userId: user.id,
      key,
      idempotencyKey,
    });
    setBusy(false);
    if (answer.ok) {
      setCreated(answer.value);
      onCreated(answer.value);
      return;
    }
    const field = refusedField(answer.error);
    if (isField(field)) setRefusals((now) => ({ ...now, [field]: answer.error.message }));
    else setFailure(answer.error);
  };

  const nameMessage = messageOf('name');
  const lifetimeMessage = messageOf('expiresInDays');
  const scopeMessage = messageOf('scope');
  const scopeNote = scopeMessage ?? (readOnly ? readOnlyRoleNote(user.role) : undefined);

  return (
    <OneTimeResultDialog
      title={`New API key for ${user.username}`}
      result={created && <CreatedKey created={created} username={user.username} />}
      actionLabel="Create key"
      busy={busy}
      onAction={() => void create()}
      onClose={onClose}
    >
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
        <DialogContentText sx={{ mb: 1 }}>
          A key lets a script or a service call the instance as {user.username}, without a password.
        </DialogContentText>
        <TextField
          label="Name"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setNameTouched(true);
            edited('name');
          }}
          onBlur={() => setNameTouched(true)}
          error={nameMessage !== undefined}
          helperText={nameMessage ?? `What uses it, such as ci-deploy; unique among ${user.username}'s keys.`}
          disabled={busy}
          required
          fullWidth
          autoFocus
        />
        <TextField
          select
          label="Lifetime"
          value={lifetime.id}
          onChange={(event) => {
            setLifetimeId(event.target.value);
            edited('expiresInDays');
          }}
          error={lifetimeMessage !== undefined}
          helperText={lifetimeMessage ?? expiryHint(lifetime.days)}
          disabled={busy}
          fullWidth
        >
          {lifetimes.map((choice) => (
            <MenuItem key={choice.id} value={choice.id}>
              {choice.label}
            </MenuItem>
          ))}
        </TextField>
        <FormControl error={scopeMessage !== undefined} disabled={busy}>
          <FormLabel id={scopeLabelId}>Scope</FormLabel>
          <RadioGroup
            aria-labelledby={scopeLabelId}
            aria-describedby={scopeNote === undefined ? undefined : scopeHelpId}
            value={scope}
            onChange={(event) => {
              setScope(event.target.value as ApiKeyScope);
              edited('scope');
            }}
          >
            {apiKeyScopes.map((choice) => (
              <FormControlLabel
                key={choice}
                value={choice}
                control={<Radio />}
                disabled={busy || (choice === 'write' && readOnly)}
                label={
                  <>
                    {SCOPE_LABELS[choice]}
                    <Typography variant="body2" component="div" sx={{ color: 'text.secondary' }}>
                      {scopeDescription(choice, user.role)}
                    </Typography>
                  </>
                }
                sx={{ alignItems: 'flex-start', '& .MuiRadio-root': { mt: -0.5 }, mb: 0.5 }}
              />
            ))}
          </RadioGroup>
          {scopeNote === undefined ? null : <FormHelperText id={scopeHelpId}>{scopeNote}</FormHelperText>}
        </FormControl>
        {failure ? <FailureAlert error={failure} sx={{ mt: 1 }} onRetry={() => void create()} /> : null}
      </Box>
    </OneTimeResultDialog>
  );
}

function CreatedKey({ created, username }: { created: CreatedApiKey; username: string }) {
  const { key, value } = created;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      <Alert severity="success" role="status">
        The key {key.name} was created for {username}.
      </Alert>
      <CopyField
        label="Key value"
        value={value}
        monospace
        helperText="The instance shows it only this once: copy it now. This machine's OS keychain keeps a copy."
      />
      <Typography variant="body2">
        Clients send it in the header <code>Authorization: Bearer &lt;key&gt;</code>. It has the{' '}
        {SCOPE_LABELS[key.scope].toLowerCase()} scope and{' '}
        {key.expiresAt === null ? 'never expires' : `expires ${fullTime(key.expiresAt)}`}.
      </Typography>
    </Box>
  );
}
