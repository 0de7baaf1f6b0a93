import Brightness4Outlined from '@mui/icons-material/Brightness4Outlined';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { themePreferences, type ThemePreference } from '../../../shared/domain/preferences';
import { useApp } from '../store/appStore';
import { MenuBar } from './MenuBar';

const THEME_LABELS: Record<ThemePreference, string> = {
  system: 'Follow system',
  light: 'Light',
  dark: 'Dark',
};

export function TitleBar() {
  const theme = useApp((state) => state.preferences.theme);
  const setTheme = useApp((state) => state.setTheme);
  // The desktop app has the native menu; a browser page has only this one.
  const inBrowser = useApp((state) => state.info?.host === 'browser');
  const [anchor, setAnchor] = useState<HTMLElement>();
  return (
    <Box
      component="header"
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 1,
        px: 1.5,
        height: 40,
        borderBottom: 1,
        borderColor: 'divider',
        bgcolor: 'background.paper',
      }}
    >
      <Box component="img" src="./favicon.svg" alt="" sx={{ width: 20, height: 20 }} />
      <Typography variant="subtitle2" component="span" sx={{ fontWeight: 700 }}>
        Roster
      </Typography>
      {inBrowser ? (
        <MenuBar />
      ) : (
        <Typography variant="caption" sx={{ color: 'text.secondary' }}>
          Users and groups of Integrate instances
        </Typography>
      )}
      <Box sx={{ flex: 1 }} />
      <Tooltip title="Theme">
        <IconButton
          aria-label="Theme"
          aria-haspopup="menu"
          onClick={(event) => setAnchor(event.currentTarget)}
        >
          <Brightness4Outlined fontSize="small" />
        </IconButton>
      </Tooltip>
      <Menu anchorEl={anchor} open={anchor !== undefined} onClose={() => setAnchor(undefined)}>
        {themePreferences.map((value) => (
          <MenuItem
            key={value}
            selected={value === theme}
            role="menuitemradio"
            aria-checked={value === theme}
            onClick={() => {
              setAnchor(undefined);
              void setTheme(value);
            }}
          >
            <ListItemText>{THEME_LABELS[value]}</ListItemText>
          </MenuItem>
        ))}
      </Menu>
    </Box>
  );
}
