import useMediaQuery from '@mui/material/useMediaQuery';
import { useMemo } from 'react';
import { useApp } from '../store/appStore';
import { rosterTheme } from './rosterTheme';

/**
 * The user's choice, or the operating system's when the choice is "system"; still when the system
 * asks for reduced motion.
 */
export function useResolvedTheme() {
  const preference = useApp((state) => state.preferences.theme);
  const systemDark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const reducedMotion = useMediaQuery('(prefers-reduced-motion: reduce)', { noSsr: true });
  const mode = preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;
  return useMemo(() => rosterTheme(mode, reducedMotion), [mode, reducedMotion]);
}
