import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import { alpha, type Theme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { FieldDiff } from './auditDiff';
import { changedField } from './auditDiff';
import { fieldLabel, valueText } from './fieldText';

/** A list's items: added and removed ones marked (in words too, for screen readers), the others plain. */
function ListItems({ diff }: { diff: Extract<FieldDiff, { kind: 'list' }> }) {
  if (diff.added.length + diff.removed.length + diff.kept.length === 0)
    return <span className="same">none</span>;
  return (
    <Box component="ul" sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, m: 0, p: 0, listStyle: 'none' }}>
      {diff.added.map((item) => (
        <li key={`+${item}`}>
          <Chip
            size="small"
            color="success"
            variant="outlined"
            label={`+ ${item}`}
            aria-label={`added ${item}`}
          />
        </li>
      ))}
      {diff.removed.map((item) => (
        <li key={`-${item}`}>
          <Chip
            size="small"
            color="error"
            variant="outlined"
            label={`− ${item}`}
            aria-label={`removed ${item}`}
            sx={{ textDecoration: 'line-through' }}
          />
        </li>
      ))}
      {diff.kept.map((item) => (
        <li key={`=${item}`}>
          <Chip size="small" variant="outlined" label={item} sx={{ color: 'text.secondary' }} />
        </li>
      ))}
    </Box>
  );
}

function DiffRow({ diff }: { diff: FieldDiff }) {
  const changed = changedField(diff);
  return (
    <TableRow className={changed ? 'changed' : undefined}>
      <TableCell component="th" scope="row">
        {fieldLabel(diff.field)}
      </TableCell>
      {diff.kind === 'changed' ? (
        <>
          <TableCell>
            {diff.before === undefined ? null : <del>{valueText(diff.field, diff.before)}</del>}
          </TableCell>
          <TableCell>
            {diff.after === undefined ? null : <ins>{valueText(diff.field, diff.after)}</ins>}
          </TableCell>
        </>
      ) : diff.kind === 'list' ? (
        <TableCell colSpan={2}>
          <ListItems diff={diff} />
        </TableCell>
      ) : (
        <TableCell colSpan={2} className="same">
          {valueText(diff.field, diff.value)}
        </TableCell>
      )}
    </TableRow>
  );
}

/** A change's fields, side by side: the changed ones highlighted, old struck out, new underlined. */
export function AuditDiff({ diffs, label }: { diffs: readonly FieldDiff[]; label: string }) {
  return (
    <Table size="small" aria-label={label} sx={TABLE_SX}>
      <TableHead>
        <TableRow>
          <TableCell component="th" sx={{ width: '32%' }}>
            Field
          </TableCell>
          <TableCell component="th">Before</TableCell>
          <TableCell component="th">After</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {diffs.map((diff) => (
          <DiffRow key={diff.field} diff={diff} />
        ))}
      </TableBody>
    </Table>
  );
}

const TABLE_SX = {
  tableLayout: 'fixed',
  '& td, & th': { px: 1, py: 0.5, overflowWrap: 'anywhere', verticalAlign: 'top' },
  '& tbody th': { color: 'text.secondary', fontWeight: 400 },
  '& .same': { color: 'text.secondary' },
  '& tr.changed': { bgcolor: (theme: Theme) => alpha(theme.palette.warning.main, 0.12) },
  '& tr.changed th': { color: 'text.primary', fontWeight: 600 },
  '& del': { color: 'error.main', textDecorationThickness: 1 },
  '& ins': { color: 'success.main', textDecoration: 'none', fontWeight: 600 },
} as const;
