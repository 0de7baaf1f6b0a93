import FilterAltOff from '@mui/icons-material/FilterAltOff';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useRef, useState } from 'react';
import { auditActionKinds, type AuditActionKind } from '../../../shared/domain/audit';
import { FilterField } from '../common/FilterField';
import { anyFilter, NO_FILTERS, toggledKind, type AuditFilterDraft } from './auditFilters';
import { KIND_LABELS } from './auditText';
import { TargetPicker } from './TargetPicker';

const KINDS = Object.keys(auditActionKinds) as AuditActionKind[];
const TYPING_PAUSE_MS = 250;

/** A text filter applied once the admin pauses typing; it shows the filters' text when they change (Clear). */
function useTypedFilter(value: string, apply: (text: string) => void) {
  const [typed, setTyped] = useState(value);
  const [applied, setApplied] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (applied !== value) {
    setApplied(value);
    setTyped(value);
  }
  const type = (text: string) => {
    setTyped(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => apply(text), TYPING_PAUSE_MS);
  };
  return [typed, type] as const;
}

interface Props {
  instanceId: string;
  filters: AuditFilterDraft;
  onChange: (change: Partial<AuditFilterDraft>) => void;
}

/** The log's filters, which combine: text, days, actor, target and kinds of action. */
export function AuditFiltersBar({ instanceId, filters, onChange }: Props) {
  const kindsLabel = useId();
  const [text, setText] = useTypedFilter(filters.text, (value) => onChange({ text: value }));
  const [actor, setActor] = useTypedFilter(filters.actor, (value) => onChange({ actor: value }));
  const date = (field: 'from' | 'to', label: string) => (
    <TextField
      size="small"
      type="date"
      label={label}
      value={filters[field]}
      onChange={(event) => onChange({ [field]: event.target.value })}
      slotProps={{ inputLabel: { shrink: true } }}
      sx={{ width: 160 }}
    />
  );
  return (
    <Box
      role="search"
      aria-label="Audit log filters"
      sx={{ display: 'flex', flexDirection: 'column', gap: 1, px: 2, pt: 1, pb: 1.5 }}
    >
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
        <Box sx={{ flex: '1 1 240px', '& .MuiInputBase-root': { height: 40 } }}>
          <FilterField
            label="Search the audit log"
            placeholder="Search actors, targets, details, values"
            value={text}
            onChange={setText}
          />
        </Box>
        {date('from', 'From')}
        {date('to', 'To')}
        <TextField
          size="small"
          label="Actor"
          placeholder="api:admin"
          value={actor}
          onChange={(event) => setActor(event.target.value)}
          sx={{ width: 180 }}
        />
        <TargetPicker
          instanceId={instanceId}
          value={filters.target}
          onChange={(target) => onChange({ target })}
        />
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, alignItems: 'center' }}>
        <Typography id={kindsLabel} variant="body2" sx={{ color: 'text.secondary', mr: 0.5 }}>
          Kinds
        </Typography>
        <Box role="group" aria-labelledby={kindsLabel} sx={{ display: 'contents' }}>
          {KINDS.map((kind) => {
            const on = filters.kinds.includes(kind);
            return (
              <Chip
                key={kind}
                size="small"
                label={KIND_LABELS[kind]}
                color={on ? 'primary' : 'default'}
                variant={on ? 'filled' : 'outlined'}
                aria-pressed={on}
                onClick={() => onChange({ kinds: toggledKind(filters.kinds, kind, KINDS) })}
              />
            );
          })}
        </Box>
        <Box sx={{ flex: 1 }} />
        <Button
          size="small"
          startIcon={<FilterAltOff />}
          disabled={!anyFilter(filters)}
          onClick={() => onChange(NO_FILTERS)}
        >
          Clear filters
        </Button>
      </Box>
    </Box>
  );
}
