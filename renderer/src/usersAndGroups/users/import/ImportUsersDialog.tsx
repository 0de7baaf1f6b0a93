import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import { useId } from 'react';
import { count } from '../bulk/bulkText';
import { ChooseFileStep } from './ChooseFileStep';
import { ImportResultStep } from './ImportResultStep';
import { MappingStep } from './MappingStep';
import { PreviewStep } from './PreviewStep';
import { completeMapping, importOptionsOf, useImport, type ImportStep } from './importStore';

const STEPS = ['File', 'Columns', 'Preview', 'Import'] as const;
const STEP_INDEX: Readonly<Record<Exclude<ImportStep['kind'], 'closed'>, number>> = {
  choose: 0,
  map: 1,
  preview: 2,
  running: 3,
  // Past the last step: every step shows as done.
  finished: 4,
};

/**
 * Import users from a CSV file: choose it, map its columns, see what every row would do, then
 * import with progress and Cancel, and keep the refused rows and the new users' secrets. While the
 * import runs only Cancel is offered (its end must be seen); once it shows passwords or links, a
 * stray click beside the dialog must not throw them away.
 */
export function ImportUsersDialog({ local }: { local: boolean }) {
  const step = useImport((state) => state.step);
  const titleId = useId();
  if (step.kind === 'closed') return null;
  const store = useImport.getState();
  const holdsSecrets = step.kind === 'finished' && step.status.secrets.length > 0;

  return (
    <Dialog
      open
      maxWidth="md"
      fullWidth
      aria-labelledby={titleId}
      onClose={(_, reason) => {
        if (!(holdsSecrets && reason === 'backdropClick')) store.close();
      }}
    >
      <DialogTitle id={titleId}>Import users from CSV</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Stepper activeStep={STEP_INDEX[step.kind]} sx={{ pt: 1 }}>
          {STEPS.map((label) => (
            <Step key={label}>
              <StepLabel>{label}</StepLabel>
            </Step>
          ))}
        </Stepper>
        {step.kind === 'choose' ? <ChooseFileStep step={step} /> : null}
        {step.kind === 'map' ? <MappingStep step={step} local={local} /> : null}
        {step.kind === 'preview' ? <PreviewStep step={step} /> : null}
        {step.kind === 'running' || step.kind === 'finished' ? <ImportResultStep step={step} /> : null}
      </DialogContent>
      <DialogActions>
        {step.kind === 'map' || step.kind === 'preview' ? (
          <Button onClick={store.chooseAnother} sx={{ mr: 'auto' }}>
            Choose another file
          </Button>
        ) : null}
        {step.kind === 'choose' || step.kind === 'map' || step.kind === 'preview' ? (
          <Button onClick={store.close}>Cancel</Button>
        ) : null}
        {step.kind === 'map' ? (
          <Button
            variant="contained"
            disabled={
              step.checking ||
              completeMapping(step.mapping) === undefined ||
              importOptionsOf(step.options) === undefined
            }
            onClick={() => void store.checkRows()}
          >
            {step.checking ? 'Checking…' : 'Check rows'}
          </Button>
        ) : null}
        {step.kind === 'preview' ? (
          <>
            <Button onClick={store.backToMapping} disabled={step.starting}>
              Back
            </Button>
            <Button
              variant="contained"
              disabled={step.starting || step.preview.create + step.preview.update === 0}
              onClick={() => void store.apply()}
            >
              {step.starting ? 'Starting…' : `Import ${count(step.preview.rows.length)} rows`}
            </Button>
          </>
        ) : null}
        {step.kind === 'running' ? (
          <>
            {step.pollError ? <Button onClick={store.close}>Close</Button> : null}
            <Button onClick={() => void store.cancel()} disabled={step.status.state === 'cancelling'}>
              {step.status.state === 'cancelling' ? 'Cancelling…' : 'Cancel import'}
            </Button>
          </>
        ) : null}
        {step.kind === 'finished' ? (
          <Button variant="contained" onClick={store.close} autoFocus>
            Close
          </Button>
        ) : null}
      </DialogActions>
    </Dialog>
  );
}
