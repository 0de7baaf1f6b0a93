import Typography from '@mui/material/Typography';
import type { ApiKeyInfo } from '../../../../../shared/domain/apiKeys';
import { CredentialRow, type RowActions } from './CredentialRow';
import type { Reveal } from './useSecrets';
import { When } from '../../When';

interface Props {
  apiKey: ApiKeyInfo;
  value: string | undefined;
  reveal: Reveal | undefined;
  actions: RowActions | undefined;
}

function LastUsed({ apiKey }: { apiKey: ApiKeyInfo }) {
  if (apiKey.lastUsedAt === null)
    return (
      <Typography variant="body2" component="span" sx={{ color: 'text.secondary' }}>
        Never
      </Typography>
    );
  return (
    <>
      <When iso={apiKey.lastUsedAt} short />
      {apiKey.lastUsedAddress ? (
        <Typography
          variant="caption"
          component="div"
          sx={{
            color: 'text.secondary',
            fontFamily: 'monospace',
            whiteSpace: 'normal',
            overflowWrap: 'anywhere',
          }}
        >
          {apiKey.lastUsedAddress}
        </Typography>
      ) : null}
    </>
  );
}

export function ApiKeyRow({ apiKey, value, reveal, actions }: Props) {
  return (
    <CredentialRow
      subject={`key ${apiKey.name}`}
      name={apiKey.name}
      kind="API key"
      scope={apiKey.scope}
      createdAt={apiKey.createdAt}
      expiresAt={apiKey.expiresAt}
      lastUsed={<LastUsed apiKey={apiKey} />}
      value={value}
      reveal={reveal}
      actions={actions}
    />
  );
}
