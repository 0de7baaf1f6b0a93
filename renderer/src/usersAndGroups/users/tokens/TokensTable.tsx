import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { ReactNode } from 'react';

export const COLUMNS = ['Name', 'Scope', 'Created', 'Expires', 'Last used'] as const;

/** The user's token pair and API keys; each row's actions sit on a line of their own below it. */
export function TokensTable({ children }: { children: ReactNode }) {
  return (
    <Table
      size="small"
      aria-label="Tokens and API keys"
      sx={{ '& td, & th': { px: 0.75 }, '& thead th': { whiteSpace: 'nowrap' } }}
    >
      <TableHead>
        <TableRow>
          {COLUMNS.map((heading) => (
            <TableCell key={heading} component="th" scope="col">
              {heading}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>{children}</TableBody>
    </Table>
  );
}
