import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { count } from './bulkText';
import type { MailOutcome } from './secretsText';

/** Failures named at most; the Email column of the list has every one. */
const FAILURES_SHOWN = 20;

const linksCount = (n: number) => `${count(n)} ${n === 1 ? 'link' : 'links'}`;

/** How many of a job's links were mailed, and which could not be, with why. */
export function MailSummary({ outcome }: { outcome: MailOutcome }) {
  const { asked, sent, failed, unsent } = outcome;
  const shown = failed.slice(0, FAILURES_SHOWN);
  return (
    // The job's counts line is the one announcement; this is read with the rest of the summary.
    <Alert severity={sent === asked ? 'success' : 'warning'} role="none">
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {sent === asked
          ? `All ${linksCount(asked)} were emailed to their users.`
          : `${count(sent)} of ${linksCount(asked)} emailed; copy the others below and send them yourself.`}
      </Typography>
      {unsent > 0 ? (
        <Typography variant="body2">
          {linksCount(unsent)} not emailed: the work stopped before their mail went.
        </Typography>
      ) : null}
      {failed.length > 0 ? (
        <Box component="ul" aria-label="Links not emailed" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
          {shown.map(({ username, error }) => (
            <Typography component="li" variant="body2" key={username}>
              <strong>{username}</strong>: {error}
            </Typography>
          ))}
          {failed.length > shown.length ? (
            <Typography component="li" variant="body2">
              and {count(failed.length - shown.length)} more (see the Email column).
            </Typography>
          ) : null}
        </Box>
      ) : null}
    </Alert>
  );
}
