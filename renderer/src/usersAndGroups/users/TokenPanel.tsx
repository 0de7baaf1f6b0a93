import KeyOutlined from '@mui/icons-material/KeyOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import type { TokenPair, UserDetail } from '../../../../shared/domain/directory';
import { roster } from '../../roster/roster';
import { useConfirm } from '../../store/confirmStore';
import { useFeedback } from '../../store/feedbackStore';
import { fullTime } from '../timeText';
import { formEditable, useUserEditor } from '../userEditorStore';
import { CopyField } from './CopyField';

/** Generate, view and copy a user's access and refresh tokens (seed 000). */
export function TokenPanel({ instanceId, user }: { instanceId: string; user: UserDetail }) {
  // Shown tokens belong to this panel, which is mounted afresh for each user.
  const [pair, setPair] = useState<TokenPair>();
  const shown = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (pair) shown.current?.scrollIntoView({ block: 'nearest' });
  }, [pair]);
  const keychain = useUserEditor((state) => state.keychain);
  // Reading the pair kept in this machine's keychain changes nothing; generating one needs the right to.
  const editable = useUserEditor(formEditable);

  const reloadUser = async () => {
    const fresh = await roster().invoke('directory.users.get', { instanceId, userId: user.id });
    if (fresh.ok) useUserEditor.getState().refresh(fresh.value);
  };

  const generate = async () => {
    if (user.token) {
      const confirmed = await useConfirm.getState().ask({
        title: `Replace the token of ${user.username}?`,
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
    setPair(result.value);
    useFeedback.getState().show('success', `A new token was generated for ${user.username}.`);
    await reloadUser();
  };

  const view = async () => {
    const result = await roster().invoke('directory.tokens.read', { instanceId, userId: user.id });
    if (!result.ok) return useFeedback.getState().showError(result.error);
    if (!result.value)
      return useFeedback.getState().show('warning', 'This token is not in the OS keychain of this machine.');
    setPair(result.value);
  };

  return (
    <Box component="section" aria-label="Tokens">
      <Typography variant="subtitle2" component="h4" sx={{ mb: 0.5 }}>
        Tokens
      </Typography>
      {!user.enabled ? (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Tokens are available for enabled users only.
          {editable ? ` Enable ${user.username} and save to generate one.` : ''}
        </Typography>
      ) : keychain && !keychain.available ? (
        <Alert severity="warning">Tokens cannot be generated or shown: {keychain.reason}</Alert>
      ) : (
        <>
          <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
            {user.token
              ? `Generated ${fullTime(user.token.createdAt)}; the access token expires ${fullTime(user.token.accessExpiresAt)}.`
              : `${user.username} has no token yet.`}
          </Typography>
          <Box sx={{ display: 'flex', gap: 1 }}>
            {editable ? (
              <Button variant="outlined" startIcon={<KeyOutlined />} onClick={() => void generate()}>
                Generate new token
              </Button>
            ) : null}
            {user.token && !pair ? <Button onClick={() => void view()}>View tokens</Button> : null}
          </Box>
          {pair ? (
            <Box ref={shown} sx={{ mt: 1 }}>
              <CopyField label="Access token" value={pair.accessToken} concealed />
              <CopyField label="Refresh token" value={pair.refreshToken} concealed />
            </Box>
          ) : null}
        </>
      )}
    </Box>
  );
}
