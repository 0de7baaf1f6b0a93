import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useState } from 'react';
import { ExportUsersDialog, type ExportSubject } from './ExportUsersDialog';

/** The users toolbar's Export button: the list, as it is filtered and sorted, to a CSV file. */
export function ExportUsersButton(subject: ExportSubject) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Tooltip title="Export to a CSV file">
        <IconButton aria-label="Export users…" aria-haspopup="dialog" onClick={() => setOpen(true)}>
          <FileDownloadOutlined fontSize="small" />
        </IconButton>
      </Tooltip>
      {open ? <ExportUsersDialog {...subject} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
