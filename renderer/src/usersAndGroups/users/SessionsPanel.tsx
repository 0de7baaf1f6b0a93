import LogoutOutlined from '@mui/icons-material/LogoutOutlined';
import Refresh from '@mui/icons-material/Refresh';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RosterErrorData } from '../../../../shared/contract/errors';
import type { SessionInfo, UserDetail } from '../../../../shared/domain/directory';
import { FailureAlert } from '../../common/FailureAlert';
import { roster } from '../../roster/roster';
import { useConfirm } from '../../store/confirmStore';
import { useFeedback } from '../../store/feedbackStore';
import { When } from '../When';
import { formEditable, useUserEditor } from '../userEditorStore';

const sessionsCount = (count: number) => (count === 1 ? '1 session' : `${count} sessions`);

/**
 * Where the user is signed in to the instance server: each session's start, last use and address,
 * and Sign out everywhere for whoever may change the user. Read again whenever the form reads the
 * user again (a password reset ends every session; the list's Refresh) and on its own Refresh.
 */
export function SessionsPanel({ instanceId, user }: { instanceId: string; user: UserDetail }) {
  const [sessions, setSessions] = useState<SessionInfo[]>();
  const [failure, setFailure] = useState<RosterErrorData>();
  const [busy, setBusy] = useState(false);
  const editable = useUserEditor(formEditable);
  const reads = useRef(0);
  const { id: userId, username } = user;

  const load = useCallback(async () => {
    const read = ++reads.current;
    const answer = await roster().invoke('directory.users.sessions', { instanceId, userId });
    // An older read answering late must not replace a newer one.
    if (read !== reads.current) return;
    if (answer.ok) {
      setSessions(answer.value);
      setFailure(undefined);
    } else setFailure(answer.error);
  }, [instanceId, userId]);

  useEffect(() => {
    void load();
  }, [load, user]);

  const signOutEverywhere = async () => {
    const count = sessions?.length ?? 0;
    const confirmed = await useConfirm.getState().ask({
      title: `Sign ${username} out everywhere?`,
      message: `Ends ${sessionsCount(count)}: every app signed in as ${username} must sign in again. An API token, if any, keeps working.`,
      confirmLabel: 'Sign out everywhere',
      destructive: true,
    });
    if (!confirmed) return;
    setBusy(true);
    const answer = await roster().invoke('directory.users.endSessions', { instanceId, userId });
    setBusy(false);
    if (!answer.ok) return useFeedback.getState().showError(answer.error);
    useFeedback
      .getState()
      .show('success', `${username} was signed out everywhere (${sessionsCount(answer.value.ended)} ended).`);
    await load();
  };

  return (
    <Box component="section" aria-label="Sessions">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5 }}>
        <Typography variant="subtitle2" component="h4" sx={{ flex: 1 }}>
          Sessions
        </Typography>
        <Tooltip title="Refresh sessions">
          <IconButton size="small" aria-label="Refresh sessions" onClick={() => void load()}>
            <Refresh fontSize="small" />
          </IconButton>
        </Tooltip>
        {editable ? (
          <Button
            size="small"
            startIcon={<LogoutOutlined />}
            disabled={busy || !sessions || sessions.length === 0}
            onClick={() => void signOutEverywhere()}
          >
            Sign out everywhere
          </Button>
        ) : null}
      </Box>
      {failure ? (
        <FailureAlert error={failure} variant="outlined" onRetry={() => void load()} />
      ) : sessions === undefined ? (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Loading…
        </Typography>
      ) : sessions.length === 0 ? (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          No active sessions: {username} is not signed in to the instance server anywhere.
        </Typography>
      ) : (
        <Table size="small" aria-label={`Sessions of ${username}`} sx={{ '& td, & th': { px: 1 } }}>
          <TableHead>
            <TableRow>
              <TableCell component="th">Signed in</TableCell>
              <TableCell component="th">Last used</TableCell>
              <TableCell component="th">Address</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {sessions.map((session) => (
              <TableRow key={session.id}>
                <TableCell>
                  <When iso={session.createdAt} />
                </TableCell>
                <TableCell>
                  <When iso={session.lastUsedAt} />
                </TableCell>
                <TableCell sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                  {session.clientAddress || 'unknown'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
