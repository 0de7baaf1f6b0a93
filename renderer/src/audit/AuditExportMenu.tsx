import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import Button from '@mui/material/Button';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import type { AuditExportFormat, AuditFilters } from '../../../shared/domain/audit';
import { roster } from '../roster/roster';
import { useFeedback } from '../store/feedbackStore';
import { startDownload } from '../usersAndGroups/users/export/startDownload';

const FORMATS: readonly { format: AuditExportFormat; label: string; hint: string }[] = [
  { format: 'csv', label: 'CSV file', hint: 'For a spreadsheet' },
  { format: 'jsonl', label: 'JSON Lines file', hint: 'One entry per line, with its fields and hash' },
];

/**
 * Export: the log as it is filtered now, every matching entry and not only those read here. The
 * main side writes the file while the browser (or Electron) downloads it.
 */
export function AuditExportMenu({ instanceId, filters }: { instanceId: string; filters: AuditFilters }) {
  const [anchor, setAnchor] = useState<HTMLElement>();
  const [busy, setBusy] = useState(false);

  const exportAs = async (format: AuditExportFormat) => {
    setAnchor(undefined);
    setBusy(true);
    const result = await roster().invoke('directory.audit.export', {
      instanceId,
      request: { filters, format },
    });
    setBusy(false);
    if (!result.ok) return useFeedback.getState().showError(result.error);
    startDownload(result.value.url, result.value.fileName);
    useFeedback.getState().show('info', `Exporting the audit log to ${result.value.fileName}.`);
  };

  return (
    <>
      <Button
        size="small"
        startIcon={<FileDownloadOutlined />}
        aria-haspopup="menu"
        aria-expanded={anchor !== undefined}
        disabled={busy}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        Export
      </Button>
      <Menu
        anchorEl={anchor}
        open={anchor !== undefined}
        onClose={() => setAnchor(undefined)}
        slotProps={{ list: { 'aria-label': 'Export the audit log as' } }}
      >
        {FORMATS.map(({ format, label, hint }) => (
          <MenuItem key={format} onClick={() => void exportAs(format)}>
            <ListItemText primary={label} secondary={hint} />
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
