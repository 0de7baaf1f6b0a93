import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { importOutcomes, type ImportOutcome } from '../../../../../shared/domain/userImport';
import { FailureAlert } from '../../../common/FailureAlert';
import { count } from '../bulk/bulkText';
import { OUTCOME_LABELS } from './importText';
import { LinesTable } from './LinesTable';
import type { ImportStep } from './importStore';

/** Rows drawn at most; the counts always cover every row. */
const ROWS_SHOWN = 500;

/** The dry run: how many rows would do what, the groups it would create, and each row with why. */
export function PreviewStep({ step }: { step: Extract<ImportStep, { kind: 'preview' }> }) {
  const { preview } = step;
  const [shown, setShown] = useState<ImportOutcome | 'all'>(preview.refused > 0 ? 'refused' : 'all');
  const rows = preview.rows.filter((row) => shown === 'all' || row.outcome === shown);
  const detail = (row: (typeof rows)[number]) =>
    row.reason ?? (row.changes.length > 0 ? `Changes ${row.changes.join(', ')}` : '');

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="body2" role="status">
        Nothing has been written yet. Importing would create {count(preview.create)}, update{' '}
        {count(preview.update)} and leave {count(preview.unchanged)} unchanged; {count(preview.refused)}{' '}
        {preview.refused === 1 ? 'row is' : 'rows are'} refused
        {preview.duplicates > 0 ? `, ${count(preview.duplicates)} of them duplicates in the file` : ''}.
      </Typography>
      {preview.newGroups.length > 0 ? (
        <Alert severity="info">
          {preview.newGroups.length === 1 ? 'A group would be created: ' : 'Groups that would be created: '}
          {preview.newGroups.join(', ')}.
        </Alert>
      ) : null}
      <ToggleButtonGroup
        size="small"
        exclusive
        value={shown}
        onChange={(_, value: ImportOutcome | 'all' | null) => value && setShown(value)}
        aria-label="Rows shown"
      >
        <ToggleButton value="all">All {count(preview.rows.length)}</ToggleButton>
        {importOutcomes.map((outcome) => (
          <ToggleButton key={outcome} value={outcome}>
            {OUTCOME_LABELS[outcome]} {count(preview[outcome])}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <LinesTable
        label="What each row would do"
        headers={['Outcome', 'Details']}
        maxHeight={300}
        rows={rows.slice(0, ROWS_SHOWN).map((row) => ({
          line: row.line,
          username: row.username,
          cells: [
            <Box
              key="outcome"
              component="span"
              sx={{ color: row.outcome === 'refused' ? 'error.main' : undefined }}
            >
              {OUTCOME_LABELS[row.outcome]}
            </Box>,
            detail(row),
          ],
        }))}
      />
      {rows.length > ROWS_SHOWN ? (
        <Typography variant="caption" sx={{ color: 'text.secondary' }}>
          Showing the first {count(ROWS_SHOWN)} of {count(rows.length)} rows.
        </Typography>
      ) : null}
      {step.error ? <FailureAlert error={step.error} /> : null}
    </Box>
  );
}
