const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const relativeShort = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A moment as people write it in full: "12 Mar 2026, 14:05" (in the admin's own locale and zone). */
export const fullTime = (iso: string): string => full.format(new Date(iso));

/**
 * A moment as people say it, past or future: "just now", "5 minutes ago", "in 3 days"; a date once
 * it is more than a month away, where "47 days ago" says less than the date itself.
 */
export function timeFromNow(iso: string, now: number = Date.now(), format = relative): string {
  const delta = new Date(iso).getTime() - now;
  const size = Math.abs(delta);
  if (size < MINUTE) return 'just now';
  if (size < HOUR) return format.format(Math.round(delta / MINUTE), 'minute');
  if (size < DAY) return format.format(Math.round(delta / HOUR), 'hour');
  if (size < MONTH) return format.format(Math.round(delta / DAY), 'day');
  return dateOnly.format(new Date(iso));
}

/** As timeFromNow, abbreviated for a narrow column: "5 min. ago", "3 hr. ago". */
export const shortTimeFromNow = (iso: string, now: number = Date.now()): string =>
  timeFromNow(iso, now, relativeShort);

/** For a sentence: "5 minutes ago (30 Nov 2026, 19:52)", or "on 12 Mar 2026, 14:05" when long ago. */
export function momentText(iso: string, now: number = Date.now()): string {
  return Math.abs(new Date(iso).getTime() - now) < MONTH
    ? `${timeFromNow(iso, now)} (${fullTime(iso)})`
    : `on ${fullTime(iso)}`;
}
