import Typography from '@mui/material/Typography';
import { widestKeyScope } from '../../../../../shared/domain/apiKeys';
import type { TokenInfo } from '../../../../../shared/domain/directory';
import type { Role } from '../../../../../shared/domain/roles';
import { CredentialRow, type RowActions } from './CredentialRow';
import type { Reveal, SecretId } from './useSecrets';

interface Props {
  token: TokenInfo;
  role: Role;
  values: ReadonlyMap<SecretId, string>;
  reveal: ReadonlyMap<SecretId, Reveal>;
  /** The actions of one half; revoking either revokes both, since they were made together. */
  actionsOf: (half: 'access' | 'refresh') => RowActions | undefined;
}

const notRecorded = (
  <Typography variant="body2" component="span" sx={{ color: 'text.secondary' }}>
    Not recorded
  </Typography>
);

/**
 * The generated pair as two rows: each half has its own value and expiry, and a client needs each
 * for a different thing (calling the API, renewing the access token).
 */
export function TokenPairRows({ token, role, values, reveal, actionsOf }: Props) {
  // A pair acts with everything the role may: the widest scope a key of that role could have.
  const scope = widestKeyScope(role);
  const halves = [
    { half: 'access', name: 'Access token', expiresAt: token.accessExpiresAt },
    { half: 'refresh', name: 'Refresh token', expiresAt: token.refreshExpiresAt },
  ] as const;
  return (
    <>
      {halves.map(({ half, name, expiresAt }) => (
        <CredentialRow
          key={half}
          subject={name.toLowerCase()}
          name={name}
          kind="Token pair"
          scope={scope}
          createdAt={token.createdAt}
          expiresAt={expiresAt}
          lastUsed={notRecorded}
          value={values.get(half)}
          reveal={reveal.get(half)}
          actions={actionsOf(half)}
        />
      ))}
    </>
  );
}
