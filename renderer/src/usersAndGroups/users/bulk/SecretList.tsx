import ContentCopy from '@mui/icons-material/ContentCopy';
import SaveAltOutlined from '@mui/icons-material/SaveAltOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { BulkSecret } from '../../../../../shared/domain/bulk';
import { copyText } from '../../../common/clipboard';
import { useFeedback } from '../../../store/feedbackStore';
import { fullTime } from '../../timeText';
import { count } from './bulkText';
import { MailSummary } from './MailSummary';
import { emailText, mailOutcome, saveCsv, secretKind, secretsCsv, secretsText } from './secretsText';

/** Rows drawn at most; Copy all and Save as CSV… always hold every one. */
const SECRETS_SHOWN = 200;

/**
 * The temporary passwords or invitation links a job made: shown once, to copy or save now. Links
 * that were mailed are listed too, for whoever would rather hand them on themselves.
 */
export function SecretList({ secrets }: { secrets: readonly BulkSecret[] }) {
  const kind = secretKind(secrets);
  const mailed = mailOutcome(secrets);
  const what = kind === 'link' ? 'invitation links' : 'temporary passwords';
  const shown = secrets.slice(0, SECRETS_SHOWN);
  const copyAll = async () => {
    const copied = await copyText(secretsText(secrets));
    useFeedback
      .getState()
      .show(
        copied ? 'success' : 'error',
        copied ? `${count(secrets.length)} ${what} copied.` : 'The clipboard refused the copy.',
      );
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      {mailed ? <MailSummary outcome={mailed} /> : null}
      <Alert severity="warning">
        These {what} are shown only now: once this closes, Roster cannot show them again. Copy or save them
        before you close.
      </Alert>
      <TableContainer sx={{ maxHeight: 220, border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table
          size="small"
          stickyHeader
          aria-label={kind === 'link' ? 'Invitation links' : 'Temporary passwords'}
        >
          <TableHead>
            <TableRow>
              <TableCell>Username</TableCell>
              <TableCell>{kind === 'link' ? 'Link' : 'Temporary password'}</TableCell>
              {kind === 'link' ? <TableCell>Expires</TableCell> : null}
              {mailed ? <TableCell>Email</TableCell> : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((secret) => (
              <TableRow key={secret.userId}>
                <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
                  {secret.username}
                </TableCell>
                <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                  {secret.temporaryPassword ?? secret.link}
                </TableCell>
                {kind === 'link' ? (
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {secret.expiresAt ? fullTime(secret.expiresAt) : ''}
                  </TableCell>
                ) : null}
                {mailed ? (
                  <TableCell
                    title={secret.email?.state === 'failed' ? secret.email.error : undefined}
                    sx={{ whiteSpace: 'nowrap' }}
                  >
                    {emailText(secret.email)}
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {shown.length < secrets.length ? (
        <Typography variant="caption" sx={{ color: 'text.secondary' }}>
          Showing {count(shown.length)} of {count(secrets.length)}; Copy all and Save as CSV… hold every one.
        </Typography>
      ) : null}
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button startIcon={<ContentCopy />} onClick={() => void copyAll()}>
          Copy all
        </Button>
        <Button
          startIcon={<SaveAltOutlined />}
          onClick={() =>
            saveCsv(kind === 'link' ? 'invitation-links.csv' : 'temporary-passwords.csv', secretsCsv(secrets))
          }
        >
          Save as CSV…
        </Button>
      </Box>
    </Box>
  );
}
