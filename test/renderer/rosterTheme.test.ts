import { getContrastRatio } from '@mui/material/styles';
import { describe, expect, it } from 'vitest';
import { rosterTheme } from '../../renderer/src/theme/rosterTheme';

/** The system's "reduce motion" setting: the same look, with nothing that slides, fades or ripples. */
describe('rosterTheme', () => {
  for (const mode of ['light', 'dark'] as const) {
    it(`in the ${mode} theme moves as usual unless asked not to`, () => {
      const moving = rosterTheme(mode);
      expect(moving.transitions.create('opacity')).toMatch(/^opacity \d+ms/);
      expect(moving.transitions.duration.enteringScreen).toBeGreaterThan(0);
      expect(moving.components?.MuiButtonBase?.defaultProps?.disableRipple).toBeUndefined();
    });

    it(`in the ${mode} theme, with reduced motion, has no transition or ripple and looks the same`, () => {
      const still = rosterTheme(mode, true);
      expect(still.transitions.create('opacity')).toBe('none');
      expect(still.transitions.create(['width', 'margin'], { duration: 300 })).toBe('none');
      expect(Object.values(still.transitions.duration).every((duration) => duration === 0)).toBe(true);
      expect(still.components?.MuiButtonBase?.defaultProps).toMatchObject({
        disableRipple: true,
        disableTouchRipple: true,
      });
      const moving = rosterTheme(mode);
      expect([still.palette.primary, still.palette.background, still.palette.text]).toEqual([
        moving.palette.primary,
        moving.palette.background,
        moving.palette.text,
      ]);
      expect(still.typography.fontFamily).toBe(moving.typography.fontFamily);
      expect(still.components?.MuiButton).toEqual(moving.components?.MuiButton);
    });
  }

  for (const mode of ['light', 'dark'] as const) {
    it(`in the ${mode} theme gives every filled toast and button text of at least 4.5:1 (WCAG AA)`, () => {
      const { palette } = rosterTheme(mode);
      for (const severity of ['primary', 'info', 'success', 'warning', 'error'] as const) {
        const { main, contrastText } = palette[severity];
        expect({ severity, meetsAA: getContrastRatio(main, contrastText) >= 4.5 }).toEqual({
          severity,
          meetsAA: true,
        });
      }
    });
  }
});
