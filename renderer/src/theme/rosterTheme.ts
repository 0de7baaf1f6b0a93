import { createTheme, type Theme } from '@mui/material/styles';

const FONT_STACK = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  'Ubuntu',
  'Cantarell',
  '"Noto Sans"',
  '"DejaVu Sans"',
  'sans-serif',
].join(',');

/** A dense, desktop-tool look: small type, compact controls, quiet surfaces. */
export function rosterTheme(mode: 'light' | 'dark'): Theme {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#1565c0' : '#64b5f6' },
      background:
        mode === 'light'
          ? { default: '#f3f4f6', paper: '#ffffff' }
          : { default: '#1a1c1e', paper: '#232629' },
    },
    typography: { fontFamily: FONT_STACK, fontSize: 13 },
    shape: { borderRadius: 4 },
    components: {
      MuiButton: {
        defaultProps: { size: 'small', disableElevation: true },
        styleOverrides: { root: { textTransform: 'none', fontWeight: 600 } },
      },
      MuiIconButton: { defaultProps: { size: 'small' } },
      MuiTextField: { defaultProps: { size: 'small' } },
      MuiTooltip: { defaultProps: { disableInteractive: true } },
      MuiMenuItem: { defaultProps: { dense: true } },
      MuiTab: { styleOverrides: { root: { minHeight: 40, textTransform: 'none', fontWeight: 600 } } },
      MuiTabs: { styleOverrides: { root: { minHeight: 40 } } },
      MuiDialogTitle: { styleOverrides: { root: { fontSize: '1rem', fontWeight: 600 } } },
    },
  });
}
