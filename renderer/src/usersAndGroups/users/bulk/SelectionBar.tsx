import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import { memo } from 'react';
import { count } from './bulkText';
import type { BulkSelection } from './useBulkSelection';

/** What the selection bar shows: words and ticks only, so that an unchanged bar is not drawn again. */
export interface SelectionSummary {
  text: string;
  /** "Select all 2,345 matching users", when only the loaded rows are selected. */
  offerMatching: string | undefined;
  checked: boolean;
  indeterminate: boolean;
  some: boolean;
}

/**
 * Select all, and what is selected: "All 100 loaded users are selected. Select all 2,345 matching
 * users", then "All 2,345 matching users are selected", with Clear selection.
 */
export function selectionSummary(bulk: BulkSelection, total: number, filtered: boolean): SelectionSummary {
  const { selection } = bulk;
  const loaded = bulk.loaded();
  const matching = filtered ? 'matching users' : 'users';
  const everyone =
    selection.kind === 'matching'
      ? selection.except.size === 0
      : loaded.allSelected && loaded.count === total;
  const some = bulk.count > 0;

  let text = '';
  let offerMatching: string | undefined;
  if (selection.kind === 'matching')
    text =
      selection.except.size === 0
        ? `All ${count(total)} ${matching} are selected.`
        : `${count(bulk.count)} of ${count(total)} ${matching} are selected.`;
  else if (loaded.allSelected && loaded.count < total) {
    text = `All ${count(loaded.count)} loaded ${loaded.count === 1 ? 'user is' : 'users are'} selected.`;
    offerMatching = `Select all ${count(total)} ${matching}`;
  } else if (loaded.allSelected)
    text = total === 1 ? 'The one user is selected.' : `All ${count(total)} ${matching} are selected.`;
  else if (some) text = `${count(bulk.count)} selected.`;

  const allLoaded = selection.kind === 'ids' && loaded.allSelected;
  return {
    text,
    offerMatching,
    checked: everyone || allLoaded,
    indeterminate: some && !everyone && !allLoaded,
    some,
  };
}

export interface SelectionCommands {
  selectAllLoaded: () => void;
  selectAllMatching: () => void;
  clear: () => void;
}

/** The bar above the users list; memoised, so that a keystroke in the filter leaves it be. */
export const SelectionBar = memo(function SelectionBar({
  text,
  offerMatching,
  checked,
  indeterminate,
  some,
  commands,
}: SelectionSummary & { commands: SelectionCommands }) {
  return (
    <Box sx={some ? BAR_SX_SOME : BAR_SX}>
      <FormControlLabel
        sx={{ mr: 0.5 }}
        control={
          <Checkbox
            size="small"
            checked={checked}
            indeterminate={indeterminate}
            onChange={() => (some ? commands.clear() : commands.selectAllLoaded())}
          />
        }
        label={<Typography variant="body2">Select all</Typography>}
      />
      {/* Polite, not a status: the Users tab's status is its count, which tests and readers find by role. */}
      <Typography variant="body2" aria-live="polite" sx={{ color: 'text.secondary' }}>
        {text}
      </Typography>
      {offerMatching ? (
        <Button size="small" onClick={commands.selectAllMatching}>
          {offerMatching}
        </Button>
      ) : null}
      {some ? (
        <Button size="small" onClick={commands.clear}>
          Clear selection
        </Button>
      ) : null}
    </Box>
  );
});

const BAR_SX = {
  display: 'flex',
  alignItems: 'center',
  flexWrap: 'wrap',
  columnGap: 1,
  minHeight: 36,
  px: 1.5,
  borderTop: 1,
  borderColor: 'divider',
} as const;

const BAR_SX_SOME = { ...BAR_SX, bgcolor: 'action.hover' } as const;
