import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { InstanceOverview } from '../../../shared/domain/overview';

/** The figures in the order an admin scans them: how many, in what state, then groups and administrators. */
const FIGURES: readonly { key: keyof InstanceOverview; label: string }[] = [
  { key: 'users', label: 'Users' },
  { key: 'enabled', label: 'Enabled' },
  { key: 'disabled', label: 'Disabled' },
  { key: 'locked', label: 'Locked' },
  { key: 'invited', label: 'Invited' },
  { key: 'mustChangePassword', label: 'Must change password' },
  { key: 'groups', label: 'Groups' },
  { key: 'administrators', label: 'Administrators' },
];

/** A small grid of labelled stats; each item's accessible name says both, as "Locked: 3". */
export function OverviewFigures({ overview }: { overview: InstanceOverview }) {
  return (
    <Box
      component="ul"
      aria-label="Figures"
      sx={{
        listStyle: 'none',
        m: 0,
        p: 0,
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(132px, 1fr))',
        gap: 1,
      }}
    >
      {FIGURES.map(({ key, label }) => {
        const value = overview[key].toLocaleString();
        return (
          <Box
            component="li"
            key={key}
            aria-label={`${label}: ${value}`}
            sx={{
              border: 1,
              borderColor: 'divider',
              borderRadius: 1,
              px: 1.5,
              py: 1,
              bgcolor: 'background.paper',
            }}
          >
            <Typography aria-hidden variant="h5" component="span" sx={{ display: 'block', fontWeight: 600 }}>
              {value}
            </Typography>
            <Typography aria-hidden variant="body2" component="span" sx={{ color: 'text.secondary' }}>
              {label}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
