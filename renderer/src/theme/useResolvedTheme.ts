import useMediaQuery from '@mui/material/useMediaQuery';
import { useMemo } from 'react';
import { useApp } from '../store/appStore';
import { rosterTheme } from './rosterTheme';

/** The user's choice, or the operating system's when the choice is "system". */
export function useResolvedTheme() {
  const preference = useApp((state) => state.preferences.theme);
  const systemDark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const mode = preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;
  return useMemo(() => rosterTheme(mode), [mode]);
}
