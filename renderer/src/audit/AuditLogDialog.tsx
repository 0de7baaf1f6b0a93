import ManageSearchOutlined from '@mui/icons-material/ManageSearchOutlined';
import Refresh from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useMemo, useState } from 'react';
import type { InstanceView } from '../../../shared/domain/instance';
import { holds } from '../../../shared/domain/roles';
import { FailureAlert } from '../common/FailureAlert';
import { useInstances } from '../store/instancesStore';
import { EmptySection } from '../usersAndGroups/EmptySection';
import { ListDetailLayout } from '../usersAndGroups/ListDetailLayout';
import { AuditEntryDetails } from './AuditEntryDetails';
import { AuditExportMenu } from './AuditExportMenu';
import { requestFilters } from './auditFilters';
import { AuditFiltersBar } from './AuditFiltersBar';
import { AuditList } from './AuditList';
import { useAuditLog } from './auditLogStore';
import { NotAllowed } from './NotAllowed';
import { useAuditPages } from './useAuditPages';
import { useCallerRole } from './useCallerRole';
import { verificationText } from './verification';
import { VerifyButton, type VerifyOutcome } from './VerifyButton';

/** The Audit log of the instance it was opened for, if that instance is still in the navigator. */
export function AuditLogHost() {
  const openFor = useAuditLog((state) => state.openFor);
  const close = useAuditLog((state) => state.close);
  const instance = useInstances((state) => state.instances.find((candidate) => candidate.id === openFor));
  return instance ? <AuditLogDialog instance={instance} onClose={close} /> : null;
}

const countText = (count: number, more: boolean) =>
  more
    ? `${count.toLocaleString('en-US')} newest entries; older ones load as you scroll`
    : `${count.toLocaleString('en-US')} ${count === 1 ? 'entry' : 'entries'}`;

/** The log's filters, toolbar, entries and the selected entry's details. */
function AuditLogView({ instance }: { instance: InstanceView }) {
  const { filters, selected, setFilters, select } = useAuditLog();
  const request = useMemo(() => requestFilters(filters), [filters]);
  const pages = useAuditPages(instance.id, request);
  const [verified, setVerified] = useState<VerifyOutcome>();
  const forbidden = pages.error?.code === 'FORBIDDEN';
  // The details are the list's selected row: an entry the filters now leave out is no longer selected.
  const selectedGone =
    selected !== undefined &&
    !pages.loading &&
    pages.error === undefined &&
    !pages.entries.some((entry) => entry.id === selected.id);
  useEffect(() => {
    if (selectedGone) select(undefined);
  }, [selectedGone, select]);

  if (forbidden) return <NotAllowed instance={instance} role={undefined} />;
  return (
    <>
      <AuditFiltersBar instanceId={instance.id} filters={filters} onChange={setFilters} />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 2, pb: 1 }}>
        <Typography role="status" variant="body2" sx={{ flex: 1, color: 'text.secondary' }}>
          {pages.loading ? 'Reading the log…' : countText(pages.entries.length, pages.more)}
        </Typography>
        <Tooltip title="Read the log again">
          <IconButton size="small" aria-label="Refresh the audit log" onClick={pages.reload}>
            <Refresh fontSize="small" />
          </IconButton>
        </Tooltip>
        <VerifyButton
          instanceId={instance.id}
          checking={verified?.state === 'checking'}
          onOutcome={setVerified}
        />
        <AuditExportMenu instanceId={instance.id} filters={request} />
      </Box>
      {verified?.state === 'done' ? (
        <Alert
          severity={verified.result.firstBroken ? 'error' : 'success'}
          onClose={() => setVerified(undefined)}
          sx={{ mx: 2, mb: 1 }}
        >
          {verificationText(verified.result)}
        </Alert>
      ) : verified?.state === 'failed' ? (
        <FailureAlert error={verified.error} sx={{ mx: 2, mb: 1 }} />
      ) : null}
      {pages.error ? <FailureAlert error={pages.error} onRetry={pages.reload} sx={{ mx: 2, mb: 1 }} /> : null}
      <ListDetailLayout
        columns="minmax(0, 1.1fr) minmax(0, 1fr)"
        list={
          <AuditList
            pages={pages}
            selectedId={selected?.id}
            onSelect={select}
            label={`Audit log of ${instance.name}`}
            idPrefix="audit"
            empty={
              <Typography variant="body2" sx={{ p: 2, color: 'text.secondary' }}>
                No entries match these filters.
              </Typography>
            }
          />
        }
      >
        <Box sx={{ overflow: 'auto', p: 2, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
          {selected ? (
            <AuditEntryDetails
              entry={selected}
              // Offered only when it would narrow the list further.
              onFilterTarget={
                filters.target &&
                selected.targetId === filters.target.id &&
                selected.targetType === filters.target.type
                  ? undefined
                  : (target) => setFilters({ target })
              }
            />
          ) : (
            <EmptySection icon={<ManageSearchOutlined sx={{ fontSize: 44 }} />} title="No entry selected">
              Select an entry to see who changed what, and each field before and after.
            </EmptySection>
          )}
        </Box>
      </ListDetailLayout>
    </>
  );
}

/**
 * "Audit log…": who changed what and when on one instance. Administrators and Auditors read it; any
 * other role is told so rather than shown an empty list.
 */
export function AuditLogDialog({ instance, onClose }: { instance: InstanceView; onClose: () => void }) {
  const titleId = useId();
  const { role, failure, retry } = useCallerRole(instance.id);
  const body = () => {
    if (failure) return <FailureAlert error={failure} onRetry={retry} sx={{ m: 2 }} />;
    if (role === undefined)
      return (
        <Box sx={{ display: 'flex', justifyContent: 'center', py: 6 }}>
          <CircularProgress aria-label="Reading the audit log" />
        </Box>
      );
    if (!holds(role, 'audit.read')) return <NotAllowed instance={instance} role={role} />;
    return <AuditLogView instance={instance} />;
  };
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={titleId}
      maxWidth="lg"
      fullWidth
      slotProps={{ paper: { sx: { height: 'min(800px, 92vh)' } } }}
    >
      <DialogTitle id={titleId}>Audit log — {instance.name}</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', p: 0, minHeight: 0 }}>
        {body()}
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'divider', px: 2 }}>
        <Button variant="contained" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
