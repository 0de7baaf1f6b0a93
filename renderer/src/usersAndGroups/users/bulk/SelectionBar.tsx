import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import { count } from './bulkText';
import type { BulkSelection } from './useBulkSelection';

/**
 * Select all, and what is selected: "All 100 loaded users are selected. Select all 2,345 matching
 * users", then "All 2,345 matching users are selected", with Clear selection.
 */
export function SelectionBar({
  bulk,
  total,
  filtered,
}: {
  bulk: BulkSelection;
  total: number;
  filtered: boolean;
}) {
  const { selection } = bulk;
  const loaded = bulk.loaded();
  const matching = filtered ? 'matching users' : 'users';
  const everyone =
    selection.kind === 'matching'
      ? selection.except.size === 0
      : loaded.allSelected && loaded.count === total;
  const some = bulk.count > 0;

  let text = '';
  let offerMatching = false;
  if (selection.kind === 'matching')
    text =
      selection.except.size === 0
        ? `All ${count(total)} ${matching} are selected.`
        : `${count(bulk.count)} of ${count(total)} ${matching} are selected.`;
  else if (loaded.allSelected && loaded.count < total) {
    text = `All ${count(loaded.count)} loaded ${loaded.count === 1 ? 'user is' : 'users are'} selected.`;
    offerMatching = true;
  } else if (loaded.allSelected)
    text = total === 1 ? 'The one user is selected.' : `All ${count(total)} ${matching} are selected.`;
  else if (some) text = `${count(bulk.count)} selected.`;

  return (
    <Box
      sx={{
        display: 'flex',
        alignItems: 'center',
        flexWrap: 'wrap',
        columnGap: 1,
        minHeight: 36,
        px: 1.5,
        borderTop: 1,
        borderColor: 'divider',
        bgcolor: some ? 'action.hover' : undefined,
      }}
    >
      <FormControlLabel
        sx={{ mr: 0.5 }}
        control={
          <Checkbox
            size="small"
            checked={everyone || (selection.kind === 'ids' && loaded.allSelected)}
            indeterminate={some && !everyone && !(selection.kind === 'ids' && loaded.allSelected)}
            onChange={() => (some ? bulk.clear() : bulk.selectAllLoaded())}
          />
        }
        label={<Typography variant="body2">Select all</Typography>}
      />
      {/* Polite, not a status: the Users tab's status is its count, which tests and readers find by role. */}
      <Typography variant="body2" aria-live="polite" sx={{ color: 'text.secondary' }}>
        {text}
      </Typography>
      {offerMatching ? (
        <Button size="small" onClick={bulk.selectAllMatching}>
          Select all {count(total)} {matching}
        </Button>
      ) : null}
      {some ? (
        <Button size="small" onClick={bulk.clear}>
          Clear selection
        </Button>
      ) : null}
    </Box>
  );
}
