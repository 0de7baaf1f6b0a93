import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { memo, useState } from 'react';
import { ExportUsersDialog, type ExportSubject } from './ExportUsersDialog';

/**
 * The users toolbar's Export button: the list, as it is filtered and sorted, to a CSV file. It
 * asks for the list's state when pressed, not on every render, so that a keystroke in the filter
 * leaves it be; the dialog exports the list as it was then.
 */
export const ExportUsersButton = memo(function ExportUsersButton({
  subject,
}: {
  subject: () => ExportSubject;
}) {
  const [chosen, setChosen] = useState<ExportSubject>();
  return (
    <>
      <Tooltip title="Export to a CSV file">
        <IconButton aria-label="Export users…" aria-haspopup="dialog" onClick={() => setChosen(subject())}>
          <FileDownloadOutlined fontSize="small" />
        </IconButton>
      </Tooltip>
      {chosen ? <ExportUsersDialog {...chosen} onClose={() => setChosen(undefined)} /> : null}
    </>
  );
});
