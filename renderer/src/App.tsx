import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { useEffect } from 'react';
import { Workbench } from './layout/Workbench';
import { useApp } from './store/appStore';
import { useInstances } from './store/instancesStore';
import { useResolvedTheme } from './theme/useResolvedTheme';

export function App() {
  const theme = useResolvedTheme();
  useEffect(() => {
    void useApp.getState().load();
    void useInstances.getState().load();
  }, []);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Workbench />
    </ThemeProvider>
  );
}
