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

/** Every transition and the ripples off: for people who asked their system for less motion. */
const STILL = {
  transitions: {
    create: () => 'none',
    duration: {
      shortest: 0,
      shorter: 0,
      short: 0,
      standard: 0,
      complex: 0,
      enteringScreen: 0,
      leavingScreen: 0,
    },
  },
  components: { MuiButtonBase: { defaultProps: { disableRipple: true, disableTouchRipple: true } } },
};

/**
 * A dense, desktop-tool look: small type, compact controls, quiet surfaces. With `reducedMotion`
 * (the system's "reduce motion" setting), nothing slides, fades or ripples.
 */
export function rosterTheme(mode: 'light' | 'dark', reducedMotion = false): Theme {
  const theme = createTheme({
    palette: {
      mode,
      // In the dark theme, light colours under dark text, hovered ones too: MUI's defaults put white
      // text on a red (3.7:1) and dark text on a darkened blue, short of WCAG AA's 4.5:1.
      primary: mode === 'light' ? { main: '#1565c0' } : { main: '#64b5f6', dark: '#42a5f5' },
      // In the light theme, a filled info or warning toast puts white text on its main colour: MUI's
      // defaults give 3.9:1 and 3.1:1, these 4.8:1 and 5:1.
      ...(mode === 'dark'
        ? { error: { main: '#ff8a80', dark: '#ff6e66', contrastText: 'rgba(0, 0, 0, 0.87)' } }
        : { info: { main: '#0277bd' }, warning: { main: '#b45309' } }),
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
      // A read-only form shows its fields disabled; their labels and help stay readable (AA).
      MuiFormHelperText: {
        styleOverrides: {
          root: ({ theme }) => ({ '&.Mui-disabled': { color: theme.palette.text.secondary } }),
        },
      },
      MuiFormLabel: {
        styleOverrides: {
          root: ({ theme }) => ({ '&.Mui-disabled': { color: theme.palette.text.secondary } }),
        },
      },
    },
  });
  return reducedMotion ? createTheme(theme, STILL) : theme;
}
