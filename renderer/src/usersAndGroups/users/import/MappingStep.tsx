import Box from '@mui/material/Box';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { importFields, type ImportField, type ImportOptions } from '../../../../../shared/domain/userImport';
import { FailureAlert } from '../../../common/FailureAlert';
import { hoursError } from '../../invitationTerms';
import { useUserEditor } from '../../userEditorStore';
import { InvitationTermsFields } from '../InvitationTermsFields';
import { FIELD_LABELS, rowsCount } from './importText';
import { useImport, type ImportStep } from './importStore';

const NOT_IN_FILE = 'none';

/**
 * Which column holds each field, with the first rows' cells beside it, and how new users get in:
 * an invitation on the terms Invite user… takes, or a temporary password.
 */
export function MappingStep({ step, local }: { step: Extract<ImportStep, { kind: 'map' }>; local: boolean }) {
  const { setMapping, setOptions } = useImport.getState();
  const { file, mapping, options } = step;
  const mail = useUserEditor((state) => state.invitationMail);
  const example = (field: ImportField) => {
    const column = mapping[field];
    if (column === undefined) return '';
    return file.sample.map((cells) => cells[column] ?? '').find((cell) => cell.trim() !== '') ?? '';
  };
  const choose = (field: ImportField, value: string) => {
    const others = Object.entries(mapping).filter(([key]) => key !== field);
    setMapping(Object.fromEntries(value === NOT_IN_FILE ? others : [...others, [field, Number(value)]]));
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="body2">
        {file.fileName}: {rowsCount(file.rows)} below the header. Choose the column that holds each field; a
        field without one is left as it is.
      </Typography>
      <Table size="small" aria-label="Column for each field">
        <TableHead>
          <TableRow>
            <TableCell>Field</TableCell>
            <TableCell>Column in the file</TableCell>
            <TableCell>First value</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {importFields.map((field) => (
            <TableRow key={field}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {FIELD_LABELS[field]}
                {field === 'username' ? ' (required)' : ''}
              </TableCell>
              <TableCell sx={{ minWidth: 200 }}>
                <TextField
                  select
                  size="small"
                  fullWidth
                  label={`Column for ${FIELD_LABELS[field]}`}
                  value={mapping[field] === undefined ? NOT_IN_FILE : String(mapping[field])}
                  onChange={(event) => choose(field, event.target.value)}
                  error={field === 'username' && mapping.username === undefined}
                  helperText={
                    field === 'username' && mapping.username === undefined
                      ? 'Choose the column that names each user.'
                      : undefined
                  }
                >
                  <MenuItem value={NOT_IN_FILE}>
                    <em>{field === 'username' ? 'Choose a column' : 'Not in the file'}</em>
                  </MenuItem>
                  {file.headers.map((header, index) => (
                    <MenuItem key={index} value={String(index)}>
                      {header || `Column ${index + 1}`}
                    </MenuItem>
                  ))}
                </TextField>
              </TableCell>
              <TableCell sx={{ color: 'text.secondary', maxWidth: 220, overflowWrap: 'anywhere' }}>
                {example(field)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <FormControl>
        <FormLabel id="import-new-users">New users get</FormLabel>
        <RadioGroup
          row
          aria-labelledby="import-new-users"
          value={options.newUsers}
          onChange={(event) =>
            setOptions({ ...options, newUsers: event.target.value as ImportOptions['newUsers'] })
          }
        >
          <FormControlLabel value="invite" control={<Radio />} label="An invitation link" />
          <FormControlLabel
            value="temporaryPassword"
            control={<Radio />}
            label="A temporary password, to change at the first sign-in"
          />
        </RadioGroup>
      </FormControl>
      {options.newUsers === 'invite' ? (
        <Box sx={{ maxWidth: 420 }}>
          <InvitationTermsFields
            terms={options.terms}
            onChange={(terms) =>
              setOptions({ ...options, terms: { ...terms, sendEmail: mail === true && terms.sendEmail } })
            }
            hoursError={hoursError(options.terms.hours)}
            mail={mail}
            local={local}
            disabled={step.checking}
          />
        </Box>
      ) : null}
      {step.error ? <FailureAlert error={step.error} /> : null}
    </Box>
  );
}
