import Box from '@mui/material/Box';
import type { ReactNode } from 'react';

/** A tab's two panes: the list column on the left (filter, toolbar, list), the details on the right. */
export function ListDetailLayout({
  columns,
  list,
  children,
}: {
  columns: string;
  list: ReactNode;
  children: ReactNode;
}) {
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: columns, flex: 1, minHeight: 0 }}>
      <Box
        sx={{
          display: 'flex',
          flexDirection: 'column',
          minHeight: 0,
          borderRight: 1,
          borderColor: 'divider',
        }}
      >
        {list}
      </Box>
      {children}
    </Box>
  );
}
