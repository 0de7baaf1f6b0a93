import SaveAltOutlined from '@mui/icons-material/SaveAltOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { FailureAlert } from '../../../common/FailureAlert';
import { useFeedback } from '../../../store/feedbackStore';
import { endingSeverity, JobProgress } from '../bulk/JobProgress';
import { REFUSALS_SHOWN } from '../bulk/RefusalList';
import { SecretList } from '../bulk/SecretList';
import { importCounts, importEnding, rowsCount } from './importText';
import { LinesTable } from './LinesTable';
import { useImport, type ImportStep } from './importStore';

/** The import under way (progress) and, once it ended, what it came to. */
export function ImportResultStep({ step }: { step: Extract<ImportStep, { kind: 'running' | 'finished' }> }) {
  const { status } = step;
  const finished = step.kind === 'finished';
  const saveRefused = async () => {
    const error = await useImport.getState().saveRefused();
    if (error) useFeedback.getState().showError(error);
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <JobProgress status={status} label="Import progress" noun={rowsCount} />
      {step.kind === 'running' && step.pollError ? (
        <FailureAlert error={step.pollError} onRetry={useImport.getState().retryStatus} />
      ) : null}
      {finished ? (
        <>
          <Alert severity={endingSeverity(status)} role="none">
            <Typography variant="body2">{importEnding(status)}</Typography>
            <Typography variant="body2" role="status" sx={{ fontWeight: 600 }}>
              {importCounts(status)}
            </Typography>
            {status.groupsCreated.length > 0 ? (
              <Typography variant="body2">Groups created: {status.groupsCreated.join(', ')}.</Typography>
            ) : null}
          </Alert>
          {status.refusals.length > 0 ? (
            <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                <Typography variant="subtitle2" component="h3" sx={{ flex: 1 }}>
                  Refused rows
                </Typography>
                <Button size="small" startIcon={<SaveAltOutlined />} onClick={() => void saveRefused()}>
                  Download refused rows
                </Button>
              </Box>
              <LinesTable
                label="Refused rows"
                headers={['Why']}
                maxHeight={200}
                rows={status.refusals.slice(0, REFUSALS_SHOWN).map((refusal) => ({
                  line: refusal.line,
                  username: refusal.username,
                  cells: [refusal.reason],
                }))}
              />
              <Typography variant="caption" sx={{ color: 'text.secondary' }}>
                The download holds every refused row as the file had it, with an Error column: fix them and
                import that file.
              </Typography>
            </Box>
          ) : null}
          {status.secrets.length > 0 ? <SecretList secrets={status.secrets} /> : null}
        </>
      ) : null}
    </Box>
  );
}
