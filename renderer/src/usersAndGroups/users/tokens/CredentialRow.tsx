import ContentCopy from '@mui/icons-material/ContentCopy';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Visibility from '@mui/icons-material/Visibility';
import VisibilityOff from '@mui/icons-material/VisibilityOff';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { isExpired, type ApiKeyScope } from '../../../../../shared/domain/apiKeys';
import { fullTime } from '../../timeText';
import { SCOPE_LABELS } from './keyScopes';
import { COLUMNS } from './TokensTable';
import type { Reveal } from './useSecrets';
import { When } from '../../When';

export interface RowActions {
  onShow: () => void;
  onHide: () => void;
  onCopy: () => void;
  /** Absent where the admin may only read. */
  onRevoke?: () => void;
}

interface Props {
  /** What the row holds, as its buttons name it: "access token", "key ci-deploy". */
  subject: string;
  name: string;
  /** What kind of secret it is, under its name. */
  kind: string;
  scope: ApiKeyScope;
  createdAt: string;
  /** Null: it never expires. */
  expiresAt: string | null;
  lastUsed: ReactNode;
  value: string | undefined;
  reveal: Reveal | undefined;
  /** Absent where no value can be read (no keychain): the row only informs. */
  actions: RowActions | undefined;
}

/** Times and scopes keep to one line; the name, which takes what is left, wraps (and an address). */
const oneLine = { whiteSpace: 'nowrap' } as const;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function Action({ label, onClick, children }: { label: string; onClick: () => void; children: ReactNode }) {
  return (
    <Tooltip title={label}>
      <IconButton size="small" aria-label={label} onClick={onClick}>
        {children}
      </IconButton>
    </Tooltip>
  );
}

function Expires({ iso }: { iso: string | null }) {
  if (iso === null) return <>Never</>;
  if (!isExpired(iso, new Date())) return <When iso={iso} short />;
  return (
    <Tooltip title={`Expired ${fullTime(iso)}`}>
      <Box component="time" dateTime={iso} sx={{ color: 'error.main', fontWeight: 500 }}>
        Expired
      </Box>
    </Tooltip>
  );
}

/**
 * One secret of the user: what it is, when it lapses and was used, then a line below with what may
 * be done with it and, once asked for, its value. The editor pane is too narrow for the buttons to
 * take a column of their own beside five others: the name would be squeezed to a letter a line.
 */
export function CredentialRow(props: Props) {
  const { subject, name, kind, scope, createdAt, expiresAt, lastUsed, value, reveal, actions } = props;
  const open = value !== undefined && reveal !== undefined;
  return (
    <>
      <TableRow sx={actions ? { '& > *': { borderBottom: 'none' } } : undefined}>
        <TableCell component="th" scope="row" sx={{ width: '100%', overflowWrap: 'anywhere' }}>
          {name}
          <Typography variant="caption" component="div" sx={{ color: 'text.secondary' }}>
            {kind}
          </Typography>
        </TableCell>
        <TableCell sx={oneLine}>{SCOPE_LABELS[scope]}</TableCell>
        <TableCell sx={oneLine}>
          <When iso={createdAt} short />
        </TableCell>
        <TableCell sx={oneLine}>
          <Expires iso={expiresAt} />
        </TableCell>
        <TableCell sx={oneLine}>{lastUsed}</TableCell>
      </TableRow>
      {actions ? (
        <TableRow>
          <TableCell colSpan={COLUMNS.length} sx={{ pt: 0, pb: 0.75 }}>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
              {reveal === 'shown' ? (
                <Action label={`Hide ${subject}`} onClick={actions.onHide}>
                  <VisibilityOff fontSize="small" />
                </Action>
              ) : (
                <Action label={`Show ${subject}`} onClick={actions.onShow}>
                  <Visibility fontSize="small" />
                </Action>
              )}
              <Action label={`Copy ${subject}`} onClick={actions.onCopy}>
                <ContentCopy fontSize="small" />
              </Action>
              {actions.onRevoke ? (
                <Action label={`Revoke ${subject}`} onClick={actions.onRevoke}>
                  <DeleteOutlined fontSize="small" />
                </Action>
              ) : null}
              {open ? (
                <TextField
                  label={capitalised(subject)}
                  value={value}
                  type={reveal === 'shown' ? 'text' : 'password'}
                  size="small"
                  fullWidth
                  sx={{ ml: 0.5 }}
                  slotProps={{
                    htmlInput: { readOnly: true, spellCheck: false, sx: { fontFamily: 'monospace' } },
                  }}
                />
              ) : null}
            </Box>
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
}
