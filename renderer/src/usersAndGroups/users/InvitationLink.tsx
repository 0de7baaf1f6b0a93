import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Invitation } from '../../../../shared/domain/directory';
import { fullTime, timeFromNow } from '../timeText';
import { CopyField } from './CopyField';

/**
 * An invitation as made: the link with Copy, until when it works, and whether the instance mailed
 * it. A local instance, which no server serves, answers a path only (/invite/…): it says so, since
 * the path works only on the instance server that will serve the file.
 */
export function InvitationLink({ invitation, replaced }: { invitation: Invitation; replaced: boolean }) {
  const { user, link, expiresAt, emailed, emailError } = invitation;
  const pathOnly = link.startsWith('/');
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      <Alert severity="success" role="status">
        {replaced
          ? `${user.username} has a new invitation link. The old link no longer works.`
          : `${user.username} is invited. They choose their password with this link.`}
      </Alert>
      <CopyField
        label={pathOnly ? 'Invitation link (path)' : 'Invitation link'}
        value={link}
        monospace
        wrap
        helperText={`Works once, until ${fullTime(expiresAt)} (${timeFromNow(expiresAt)}).`}
      />
      {pathOnly ? (
        <Alert severity="info" role="note">
          This is a local instance, which no server serves yet, so the link is only a path. It works on the
          instance server that serves this file ({'npm run server -- --db <file>'}): put that server's address
          in front of it, as in https://roster.example.com{link.slice(0, 12)}…
        </Alert>
      ) : null}
      {emailed ? (
        <Typography variant="body2">The link was mailed to {user.email}.</Typography>
      ) : emailError !== null ? (
        <Alert severity="warning" role="note">
          {emailError}
        </Alert>
      ) : (
        <Typography variant="body2">
          Send it to {user.email} yourself, privately: whoever opens it can set the password of{' '}
          {user.username}.
        </Typography>
      )}
    </Box>
  );
}
