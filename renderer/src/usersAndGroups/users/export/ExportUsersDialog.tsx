import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import { useId, useState } from 'react';
import type { RosterErrorData } from '../../../../../shared/contract/errors';
import { exportColumns } from '../../../../../shared/domain/userExport';
import { USERS_CSV_HEADERS } from '../../../../../shared/domain/usersCsv';
import { FailureAlert } from '../../../common/FailureAlert';
import { roster } from '../../../roster/roster';
import { useFeedback } from '../../../store/feedbackStore';
import type { OptionalColumn } from '../../userColumnsStore';
import type { UserSort } from '../sorting/userSort';
import type { UserFilters } from '../filters/userFilters';
import { exportFiltersOf, initialColumns, toggled } from './exportChoices';
import { startDownload } from './startDownload';

export interface ExportSubject {
  instanceId: string;
  /** The list's text, filters and order: the file holds what the list holds, in its order. */
  query: string;
  filters: UserFilters;
  sort: UserSort;
  /** The optional columns the list shows, ticked to begin with. */
  shownColumns: readonly OptionalColumn[];
  /** How many users the list counts. */
  total: number;
}

/**
 * Export N users: which columns, then the file. The main side writes it while the browser (or
 * Electron) downloads it, so every matching user is in it, not only the rows loaded here.
 */
export function ExportUsersDialog({
  instanceId,
  query,
  filters,
  sort,
  shownColumns,
  total,
  onClose,
}: ExportSubject & { onClose: () => void }) {
  const titleId = useId();
  const [columns, setColumns] = useState(() => initialColumns(shownColumns));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RosterErrorData>();
  const count = `${total.toLocaleString('en-US')} ${total === 1 ? 'user' : 'users'}`;

  const exportUsers = async () => {
    setBusy(true);
    setError(undefined);
    const result = await roster().invoke('directory.export.prepare', {
      instanceId,
      request: {
        filters: exportFiltersOf(query, filters),
        sort: sort.key,
        direction: sort.direction,
        columns,
      },
    });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    startDownload(result.value.url, result.value.fileName);
    useFeedback.getState().show('info', `Exporting ${count} to ${result.value.fileName}.`);
    onClose();
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void exportUsers();
        }}
      >
        <DialogTitle id={titleId}>Export {count}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            A CSV file of the list as it is filtered and sorted now, for Excel or any spreadsheet. Passwords,
            tokens and keys are never exported.
          </DialogContentText>
          <FormControl component="fieldset" error={columns.length === 0}>
            <FormLabel component="legend">Columns</FormLabel>
            <FormGroup sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr' }}>
              {exportColumns.map((column) => (
                <FormControlLabel
                  key={column}
                  label={USERS_CSV_HEADERS[column]}
                  control={
                    <Checkbox
                      checked={columns.includes(column)}
                      onChange={() => setColumns(toggled(columns, column))}
                    />
                  }
                />
              ))}
            </FormGroup>
            {columns.length === 0 ? (
              <FormHelperText sx={{ mx: 0 }}>Choose at least one column.</FormHelperText>
            ) : null}
          </FormControl>
          {error ? <FailureAlert error={error} sx={{ mt: 2 }} /> : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy || columns.length === 0}>
            Export
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
