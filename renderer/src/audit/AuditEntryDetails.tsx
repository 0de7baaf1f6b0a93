import FilterAltOutlined from '@mui/icons-material/FilterAltOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { AuditEntry } from '../../../shared/domain/audit';
import { Property } from '../common/PropertyList';
import { momentText } from '../usersAndGroups/timeText';
import { diffFields } from './auditDiff';
import type { AuditTarget } from './auditFilters';
import { AuditDiff } from './AuditDiff';
import { ACTION_LABELS, sourceText, targetText } from './auditText';

/** The user or group an entry names, for filtering on it; none for the instance or a target without an id. */
export function entryTarget(entry: AuditEntry): AuditTarget | undefined {
  if (entry.targetType === 'instance' || entry.targetId === null) return undefined;
  return { type: entry.targetType, id: entry.targetId, name: targetText(entry) };
}

/** The entry's heading and its Changes' heading, by the entry heading's level. */
const HEADINGS = { 3: ['h3', 'h4'], 5: ['h5', 'h6'] } as const;

interface Props {
  entry: AuditEntry;
  /** Narrows the log to the entry's target; left out where the list is that target's already. */
  onFilterTarget?: (target: AuditTarget) => void;
  /** The level of the entry's heading, under the heading of where it shows. */
  level?: 3 | 5;
}

/** One entry in full: when, who, from where, what and to whom, and its change field by field. */
export function AuditEntryDetails({ entry, onFilterTarget, level = 3 }: Props) {
  const diffs = diffFields(entry.before, entry.after);
  const target = entryTarget(entry);
  return (
    <Box
      component="section"
      aria-label={`Audit entry ${entry.id}`}
      sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}
    >
      <Typography variant="subtitle1" component={HEADINGS[level][0]} sx={{ fontWeight: 600 }}>
        {ACTION_LABELS[entry.action]}: {targetText(entry)}
      </Typography>
      <Box
        component="dl"
        sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}
      >
        <Property name="When">
          <time dateTime={entry.at}>{momentText(entry.at)}</time>
        </Property>
        <Property name="Who">{entry.actor}</Property>
        <Property name="From where">{sourceText(entry.source)}</Property>
        <Property name="Action">
          {ACTION_LABELS[entry.action]}{' '}
          <Box component="code" sx={{ color: 'text.secondary' }}>
            ({entry.action})
          </Box>
        </Property>
        <Property name="Target">
          {entry.targetType === 'instance' ? 'The instance' : `${targetText(entry)} (${entry.targetType})`}
        </Property>
        {entry.detail ? <Property name="Detail">{entry.detail}</Property> : null}
        <Property name="Entry">#{entry.id}</Property>
      </Box>
      {target && onFilterTarget ? (
        <Box>
          <Button size="small" startIcon={<FilterAltOutlined />} onClick={() => onFilterTarget(target)}>
            Only entries of {target.name}
          </Button>
        </Box>
      ) : null}
      <Typography variant="subtitle2" component={HEADINGS[level][1]}>
        Changes
      </Typography>
      {diffs.length > 0 ? (
        <AuditDiff diffs={diffs} label={`Changes of entry ${entry.id}`} />
      ) : (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          This entry records no fields.
        </Typography>
      )}
    </Box>
  );
}
