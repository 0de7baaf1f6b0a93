import Tooltip from '@mui/material/Tooltip';
import { fullTime, shortTimeFromNow, timeFromNow } from './timeText';

/**
 * A time as people say it ("5 minutes ago", or in a narrow column "5 min. ago"), with the full date
 * and time on hover and for machines.
 */
export function When({ iso, prefix = '', short = false }: { iso: string; prefix?: string; short?: boolean }) {
  return (
    <Tooltip title={fullTime(iso)}>
      <time dateTime={iso}>
        {prefix}
        {short ? shortTimeFromNow(iso) : timeFromNow(iso)}
      </time>
    </Tooltip>
  );
}
