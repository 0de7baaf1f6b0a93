import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { FailureAlert } from '../common/FailureAlert';
import type { RetentionSetting } from './useRetentionSetting';

/**
 * How long the audit log keeps its entries: everything, or so many days (older ones are removed
 * daily and on start, and the removal is itself an entry). Read-only for a role that may not change it.
 */
export function RetentionFields({ setting, readOnly }: { setting: RetentionSetting; readOnly: boolean }) {
  const labelId = useId();
  const helpId = useId();
  const { draft, change, error, failure } = setting;
  const body = () => {
    if (!setting.readable)
      return (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Only Administrators and Auditors can see how long the audit log keeps its entries.
        </Typography>
      );
    if (failure && !draft) return <FailureAlert error={failure} onRetry={setting.retry} />;
    if (!draft) return <CircularProgress size={24} aria-label="Reading the audit retention" />;
    return (
      <FormControl component="fieldset" disabled={readOnly} margin="dense" sx={{ display: 'flex' }}>
        <FormLabel component="legend" id={labelId}>
          Keep audit entries
        </FormLabel>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 1 }}>
          <RadioGroup
            row
            aria-labelledby={labelId}
            value={draft.keepAll ? 'all' : 'days'}
            onChange={(event) => change({ ...draft, keepAll: event.target.value === 'all' })}
          >
            <FormControlLabel value="all" control={<Radio />} label="Keep everything" />
            <FormControlLabel value="days" control={<Radio />} label="For a number of days" />
          </RadioGroup>
          <TextField
            label="Days to keep"
            type="number"
            size="small"
            value={draft.days}
            disabled={readOnly || draft.keepAll}
            onChange={(event) => change({ ...draft, days: event.target.value })}
            error={error !== undefined}
            slotProps={{ htmlInput: { min: 1, max: 36_500, step: 1, 'aria-describedby': helpId } }}
            sx={{ width: 140 }}
          />
        </Box>
        <FormHelperText id={helpId} error={error !== undefined} sx={{ mx: 0 }}>
          {error ??
            'Older entries are removed daily and when the instance starts; each removal is itself an entry, and Verify still checks the rest.'}
        </FormHelperText>
      </FormControl>
    );
  };
  return (
    <section aria-labelledby={`${labelId}-title`}>
      <Typography id={`${labelId}-title`} variant="subtitle1" component="h3" sx={{ fontWeight: 600, mt: 2 }}>
        Audit log retention
      </Typography>
      {body()}
      {failure && draft ? <FailureAlert error={failure} sx={{ mt: 1 }} /> : null}
    </section>
  );
}
