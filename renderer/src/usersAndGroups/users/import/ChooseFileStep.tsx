import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { IMPORT_ROWS_MAX } from '../../../../../shared/domain/userImport';
import { FailureAlert } from '../../../common/FailureAlert';
import { count } from '../bulk/bulkText';
import { useImport, type ImportStep } from './importStore';

/** The first step: what a file may hold, and the file picker. */
export function ChooseFileStep({ step }: { step: Extract<ImportStep, { kind: 'choose' }> }) {
  const read = useImport((state) => state.read);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="body2">
        Each row names a user by username. A user that does not exist is created; one that does is updated
        with the row&apos;s non-empty cells, so an empty cell changes nothing. Groups a row names are added
        (and created when missing); no one is taken out of a group. You see what would happen before anything
        is written.
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        A CSV file saved as UTF-8, with a header row, of at most {count(IMPORT_ROWS_MAX)} rows. Columns named
        as Roster exports them (Username, Display name, Email, Role, Groups, Enabled) are recognised; you can
        map any others.
      </Typography>
      <Box>
        <Button
          component="label"
          variant="contained"
          startIcon={step.reading ? <CircularProgress size={16} color="inherit" /> : <UploadFileOutlined />}
          disabled={step.reading}
        >
          {step.reading ? 'Reading…' : 'Choose CSV file…'}
          <input
            type="file"
            accept=".csv,text/csv"
            hidden
            aria-label="CSV file to import"
            onChange={(event) => {
              const file = event.target.files?.[0];
              // The same file chosen again after a fix must fire a change too.
              event.target.value = '';
              if (file) void read(file);
            }}
          />
        </Button>
      </Box>
      {step.error ? <FailureAlert error={step.error} /> : null}
    </Box>
  );
}
