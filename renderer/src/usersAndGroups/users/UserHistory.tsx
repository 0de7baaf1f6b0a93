import Refresh from '@mui/icons-material/Refresh';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AuditEntry, AuditFilters } from '../../../../shared/domain/audit';
import type { UserDetail } from '../../../../shared/domain/directory';
import { holds } from '../../../../shared/domain/roles';
import { AuditEntryDetails } from '../../audit/AuditEntryDetails';
import { AUDIT_ROW_HEIGHT, AuditList } from '../../audit/AuditList';
import { useAuditPages } from '../../audit/useAuditPages';
import { FailureAlert } from '../../common/FailureAlert';
import { useUserEditor } from '../userEditorStore';

/** The most rows shown at once; more scroll into view. */
const SHOWN_ROWS = 6;

/** The user's entries, newest first, each opening to its change field by field, as in the Audit log. */
function HistoryEntries({ instanceId, user }: { instanceId: string; user: UserDetail }) {
  const filters = useMemo<AuditFilters>(() => ({ target: { type: 'user', id: user.id } }), [user.id]);
  const pages = useAuditPages(instanceId, filters);
  const [selected, setSelected] = useState<AuditEntry>();
  const { reload } = pages;
  // The form read the user again (a save, the list's Refresh): there may be newer entries.
  const shownFor = useRef(user);
  useEffect(() => {
    if (shownFor.current === user) return;
    shownFor.current = user;
    reload();
  }, [user, reload]);
  return (
    <>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5 }}>
        <Typography variant="subtitle2" component="h4" sx={{ flex: 1 }}>
          History
        </Typography>
        <Tooltip title="Refresh history">
          <IconButton size="small" aria-label="Refresh history" onClick={reload}>
            <Refresh fontSize="small" />
          </IconButton>
        </Tooltip>
      </Box>
      {pages.error ? (
        <FailureAlert error={pages.error} variant="outlined" onRetry={reload} sx={{ mb: 1 }} />
      ) : null}
      <Box
        sx={{
          display: 'flex',
          flexDirection: 'column',
          // As tall as its rows, up to a few: a user with one entry leaves no empty box.
          height: Math.min(SHOWN_ROWS, Math.max(2, pages.rows.total)) * AUDIT_ROW_HEIGHT + 2,
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          '& [role="listbox"]': { borderTop: 0 },
        }}
      >
        <AuditList
          pages={pages}
          selectedId={selected?.id}
          onSelect={setSelected}
          label={`History of ${user.username}`}
          idPrefix="user-history"
          empty={
            <Typography variant="body2" sx={{ p: 1.5, color: 'text.secondary' }}>
              No entries about {user.username} yet.
            </Typography>
          }
        />
      </Box>
      {selected ? (
        <Box sx={{ mt: 1.5 }}>
          <AuditEntryDetails entry={selected} level={5} />
        </Box>
      ) : null}
    </>
  );
}

/**
 * The user editor's History: what was done to this user and when, from the audit log. Only
 * Administrators and Auditors read the log; other roles are told so.
 */
export function UserHistory({ instanceId, user }: { instanceId: string; user: UserDetail }) {
  const role = useUserEditor((state) => state.role);
  return (
    <Box component="section" aria-label="History">
      {role !== undefined && !holds(role, 'audit.read') ? (
        <>
          <Typography variant="subtitle2" component="h4" sx={{ mb: 0.5 }}>
            History
          </Typography>
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            Only Administrators and Auditors can read a user&apos;s history.
          </Typography>
        </>
      ) : role === undefined ? null : (
        <HistoryEntries key={user.id} instanceId={instanceId} user={user} />
      )}
    </Box>
  );
}
