import AddOutlined from '@mui/icons-material/AddOutlined';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useRef, useState } from 'react';
import { isExpired, type ApiKeyInfo } from '../../../../../shared/domain/apiKeys';
import type { UserDetail } from '../../../../../shared/domain/directory';
import { FailureAlert } from '../../../common/FailureAlert';
import { roster } from '../../../roster/roster';
import { useConfirm } from '../../../store/confirmStore';
import { useFeedback } from '../../../store/feedbackStore';
import { formEditable, useUserEditor } from '../../userEditorStore';
import { ApiKeyRow } from './ApiKeyRow';
import type { RowActions } from './CredentialRow';
import { NewApiKeyDialog } from './NewApiKeyDialog';
import { TokenPairRows } from './TokenPairRows';
import { TokensTable } from './TokensTable';
import { useApiKeys } from './useApiKeys';
import { useSecrets, type SecretId } from './useSecrets';

/**
 * A user's secrets for machines: the generated access and refresh pair and the named API keys, in
 * one table with Show, Copy and Revoke, plus Generate new token and New API key….
 */
export function TokenPanel({ instanceId, user }: { instanceId: string; user: UserDetail }) {
  const headingId = useId();
  const table = useRef<HTMLDivElement>(null);
  const [generations, setGenerations] = useState(0);
  const [creating, setCreating] = useState(false);
  const keychain = useUserEditor((state) => state.keychain);
  // Show and Copy only read what this machine keeps; generating, creating and revoking need the right to.
  const editable = useUserEditor(formEditable);
  const { keys, failure, reload } = useApiKeys(instanceId, user);
  const secrets = useSecrets(instanceId, user.id);
  const { username } = user;

  useEffect(() => {
    if (generations > 0) table.current?.scrollIntoView({ block: 'nearest' });
  }, [generations]);

  const keychainReady = !keychain || keychain.available;
  const pair = user.enabled ? user.token : null;
  // Once the refresh token has lapsed the pair cannot be renewed: only a new one helps.
  const pairExpired = pair !== null && isExpired(pair.refreshExpiresAt, new Date());

  const reloadUser = async () => {
    const fresh = await roster().invoke('directory.users.get', { instanceId, userId: user.id });
    if (fresh.ok) useUserEditor.getState().refresh(fresh.value);
  };

  const generate = async () => {
    if (pair && !pairExpired) {
      const confirmed = await useConfirm.getState().ask({
        title: `Replace the token of ${username}?`,
        message: 'The current access and refresh tokens will stop working at once.',
        confirmLabel: 'Generate new token',
        destructive: true,
      });
      if (!confirmed) return;
    }
    // A key lets a create whose connection dropped be sent again without making a second pair.
    const result = await roster().invoke('directory.tokens.generate', {
      instanceId,
      userId: user.id,
      idempotencyKey: crypto.randomUUID(),
    });
    if (!result.ok) return useFeedback.getState().showError(result.error);
    secrets.generated(result.value);
    setGenerations((count) => count + 1);
    useFeedback.getState().show('success', `A new token was generated for ${username}.`);
    await reloadUser();
  };

  const revokePair = async () => {
    const confirmed = await useConfirm.getState().ask({
      title: `Revoke the token pair of ${username}?`,
      message:
        'The access token and its refresh token stop working at once. Generate a new token to give them another.',
      confirmLabel: 'Revoke',
      destructive: true,
    });
    if (!confirmed) return;
    const result = await roster().invoke('directory.tokens.revoke', { instanceId, userId: user.id });
    if (!result.ok) return useFeedback.getState().showError(result.error);
    secrets.forget(['access', 'refresh']);
    useFeedback.getState().show('success', `The token pair of ${username} was revoked.`);
    await reloadUser();
  };

  const revokeKey = async (key: ApiKeyInfo) => {
    const confirmed = await useConfirm.getState().ask({
      title: `Revoke the key ${key.name}?`,
      message: `Whatever uses this key of ${username} is refused from now on. This cannot be undone.`,
      confirmLabel: 'Revoke',
      destructive: true,
    });
    if (!confirmed) return;
    const result = await roster().invoke('directory.keys.revoke', {
      instanceId,
      userId: user.id,
      keyId: key.id,
    });
    if (!result.ok) return useFeedback.getState().showError(result.error);
    secrets.forget([key.id]);
    useFeedback.getState().show('success', `The key ${key.name} was revoked.`);
    await reload();
  };

  const actionsFor = (id: SecretId, label: string, revoke: () => Promise<void>): RowActions | undefined =>
    keychainReady
      ? {
          onShow: () => void secrets.show(id),
          onHide: () => secrets.hide(id),
          onCopy: () => void secrets.copy(id, label),
          onRevoke: editable ? () => void revoke() : undefined,
        }
      : undefined;

  const rows = (pair ? 2 : 0) + (keys?.length ?? 0);

  return (
    <Box component="section" aria-labelledby={headingId}>
      <Typography id={headingId} variant="subtitle2" component="h4" sx={{ mb: 0.5 }}>
        Tokens and API keys
      </Typography>
      {!user.enabled ? (
        <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
          Tokens are available for enabled users only.
          {editable ? ` Enable ${username} and save to generate one.` : ''}
        </Typography>
      ) : !keychainReady ? (
        <Alert severity="warning" sx={{ mb: 1 }}>
          Tokens cannot be generated or shown: {keychain.reason}
        </Alert>
      ) : (
        <>
          {pairExpired ? (
            <Alert severity="warning" variant="outlined" role="note" sx={{ mb: 1 }}>
              This token pair has expired: it can no longer be used or renewed.
              {editable ? ' Generate a new token to give them another.' : ''}
            </Alert>
          ) : pair ? null : (
            <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
              {username} has no token yet.
            </Typography>
          )}
          {editable ? (
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mb: 1 }}>
              <Button variant="outlined" startIcon={<KeyOutlined />} onClick={() => void generate()}>
                Generate new token
              </Button>
              <Button startIcon={<AddOutlined />} onClick={() => setCreating(true)}>
                New API key…
              </Button>
            </Box>
          ) : null}
        </>
      )}
      {failure ? <FailureAlert error={failure} variant="outlined" onRetry={() => void reload()} /> : null}
      {rows > 0 ? (
        <Box ref={table}>
          <TokensTable>
            {pair ? (
              <TokenPairRows
                token={pair}
                role={user.role}
                values={secrets.values}
                reveal={secrets.reveal}
                actionsOf={(half) =>
                  actionsFor(half, half === 'access' ? 'Access token' : 'Refresh token', revokePair)
                }
              />
            ) : null}
            {keys?.map((key) => (
              <ApiKeyRow
                key={key.id}
                apiKey={key}
                value={secrets.values.get(key.id)}
                reveal={secrets.reveal.get(key.id)}
                actions={actionsFor(key.id, `Key ${key.name}`, () => revokeKey(key))}
              />
            ))}
          </TokensTable>
        </Box>
      ) : null}
      {creating ? (
        <NewApiKeyDialog
          instanceId={instanceId}
          user={user}
          onCreated={() => void reload()}
          onClose={() => setCreating(false)}
        />
      ) : null}
    </Box>
  );
}
