import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { ReactNode } from 'react';

export interface LineRow {
  line: number;
  username: string;
  /** The cells after Line and Username. */
  cells: readonly ReactNode[];
}

/** Rows of the file by line and username, with what became of each: the preview's and the summary's. */
export function LinesTable({
  label,
  headers,
  rows,
  maxHeight,
}: {
  label: string;
  /** The headers after Line and Username. */
  headers: readonly string[];
  rows: readonly LineRow[];
  maxHeight: number;
}) {
  return (
    <TableContainer sx={{ maxHeight, border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Table size="small" stickyHeader aria-label={label}>
        <TableHead>
          <TableRow>
            {['Line', 'Username', ...headers].map((header) => (
              <TableCell key={header}>{header}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.line}>
              <TableCell>{row.line}</TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>{row.username}</TableCell>
              {row.cells.map((cell, index) => (
                <TableCell key={index}>{cell}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
