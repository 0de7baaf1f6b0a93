import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { AuditEntry } from '../../../shared/domain/audit';
import { ACTION_LABELS, targetText } from '../audit/auditText';
import { fullTime, shortTimeFromNow } from '../usersAndGroups/timeText';

/** The newest entries of the audit log, one line each, worded as the log's own rows. */
export function LastChanges({ entries }: { entries: readonly AuditEntry[] }) {
  if (entries.length === 0)
    return (
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        Nothing has been recorded yet.
      </Typography>
    );
  return (
    <Box component="ul" aria-label="Last changes" sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {entries.map((entry) => (
        <Box
          component="li"
          key={entry.id}
          sx={{
            display: 'flex',
            gap: 1,
            py: 0.5,
            borderBottom: 1,
            borderColor: 'divider',
            fontSize: 14,
            minWidth: 0,
            '&:last-of-type': { borderBottom: 0 },
          }}
        >
          <Box
            component="time"
            dateTime={entry.at}
            title={fullTime(entry.at)}
            sx={{ color: 'text.secondary', flexShrink: 0, width: 84 }}
          >
            {shortTimeFromNow(entry.at)}
          </Box>
          <Box component="span" sx={{ fontWeight: 600, flexShrink: 0 }}>
            {ACTION_LABELS[entry.action]}
          </Box>
          <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {targetText(entry)} · by {entry.actor}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
