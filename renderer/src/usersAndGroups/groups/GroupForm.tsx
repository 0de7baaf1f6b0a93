import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { RosterErrorData } from '../../../../shared/contract/errors';
import {
  GROUP_DESCRIPTION_MAX,
  GroupDescriptionSchema,
  type GroupChanges,
  type GroupSummary,
} from '../../../../shared/domain/directory';
import { GroupNameSchema } from '../../../../shared/domain/userRules';
import { ruleError } from '../../common/fieldError';
import { roster } from '../../roster/roster';
import { useFeedback } from '../../store/feedbackStore';
import { useGroupDraft } from '../groupDraftStore';
import { membersText } from './deleteGroups';

interface Draft {
  name: string;
  description: string;
}
type Field = keyof Draft;

const draftOf = (group: GroupSummary): Draft => ({ name: group.name, description: group.description });

/** Which field a refusal is about: the directory names `name`, the contract `changes.name`. */
function fieldOf(error: RosterErrorData): Field | undefined {
  const field = error.field?.replace(/^changes\./, '');
  return field === 'name' || field === 'description' ? field : undefined;
}

/**
 * A group's name and description, checked as the admin types with the rules the main side applies
 * again. Save sends only the fields edited, and only if the group is still as it was read: when
 * someone else changed it first, the edits are not applied over theirs.
 */
export function GroupForm({
  instanceId,
  group,
  editable,
  onSaved,
  onReload,
  onGone,
}: {
  instanceId: string;
  group: GroupSummary;
  editable: boolean;
  onSaved: (group: GroupSummary) => void;
  onReload: () => void;
  onGone: () => void;
}) {
  // The group as the draft started from it: a newer read replaces the draft only while it is unedited.
  const [base, setBase] = useState(group);
  const [draft, setDraft] = useState(() => draftOf(group));
  const [refusals, setRefusals] = useState<Partial<Record<Field, string>>>({});
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);
  const dirty = draft.name !== base.name || draft.description !== base.description;

  // Told to whatever would take the form away, which then asks before it does.
  useEffect(() => {
    useGroupDraft.setState({ edited: dirty ? { groupId: group.id, name: base.name } : undefined });
    return () => useGroupDraft.setState({ edited: undefined });
  }, [dirty, group.id, base.name]);

  useEffect(() => {
    if (dirty || group.version === base.version) return;
    setBase(group);
    setDraft(draftOf(group));
  }, [group, base.version, dirty]);

  const errors: Partial<Record<Field, string>> = {
    name: refusals.name ?? ruleError(GroupNameSchema, draft.name),
    description: refusals.description ?? ruleError(GroupDescriptionSchema, draft.description),
  };

  const edit = (field: Field, value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setRefusals((current) => ({ ...current, [field]: undefined }));
  };

  const discard = () => {
    setBase(group);
    setDraft(draftOf(group));
    setRefusals({});
    setStale(false);
  };

  const save = async () => {
    if (!dirty || saving || errors.name !== undefined || errors.description !== undefined) return;
    const changes: GroupChanges = {};
    if (draft.name.trim() !== base.name) changes.name = draft.name;
    if (draft.description.trim() !== base.description) changes.description = draft.description;
    if (Object.keys(changes).length === 0) return discard();
    setSaving(true);
    const result = await roster().invoke('directory.groups.update', {
      instanceId,
      groupId: group.id,
      changes,
      ifVersion: base.version,
    });
    setSaving(false);
    if (result.ok) {
      setBase(result.value);
      setDraft(draftOf(result.value));
      setStale(false);
      useFeedback.getState().show('success', `The group ${result.value.name} was saved.`);
      onSaved(result.value);
      return;
    }
    const field = fieldOf(result.error);
    if (result.error.code === 'STALE') setStale(true);
    else if (field && (result.error.code === 'CONFLICT' || result.error.code === 'INVALID_INPUT'))
      setRefusals((current) => ({ ...current, [field]: result.error.message }));
    else {
      useFeedback.getState().showError(result.error);
      if (result.error.code === 'NOT_FOUND') onGone();
    }
  };

  // Enter saves, as Enter in a desktop form does; a description is one line, so it never breaks one.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void save();
  };

  return (
    <Box sx={{ p: 1.5, pb: 1, display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, minWidth: 0 }}>
        <Typography variant="subtitle1" component="h3" noWrap sx={{ fontWeight: 600, minWidth: 0 }}>
          {group.name}
        </Typography>
        <Typography variant="caption" role="status" sx={{ color: 'text.secondary', flexShrink: 0 }}>
          {membersText(group.memberCount)}
        </Typography>
      </Box>
      {editable ? (
        <>
          <TextField
            label="Name"
            size="small"
            value={draft.name}
            onChange={(event) => edit('name', event.target.value)}
            onKeyDown={onKeyDown}
            error={errors.name !== undefined}
            helperText={errors.name ?? 'Unique within this instance.'}
          />
          <TextField
            label="Description"
            size="small"
            multiline
            minRows={1}
            maxRows={3}
            placeholder="What the group is for"
            value={draft.description}
            onChange={(event) => edit('description', event.target.value)}
            onKeyDown={onKeyDown}
            error={errors.description !== undefined}
            helperText={
              errors.description ??
              `${draft.description.trim().length.toLocaleString('en-US')} of ${GROUP_DESCRIPTION_MAX} characters`
            }
          />
          {stale ? (
            <Alert
              severity="warning"
              action={
                <Button
                  color="inherit"
                  size="small"
                  onClick={() => {
                    discard();
                    onReload();
                  }}
                >
                  Reload
                </Button>
              }
            >
              Someone else changed this group after you opened it, so your edits were not saved. Reload shows
              it as it is now (your edits are dropped).
            </Alert>
          ) : null}
          <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1 }}>
            <Button disabled={!dirty || saving} onClick={discard}>
              Revert
            </Button>
            <Button
              variant="contained"
              disabled={!dirty || saving || errors.name !== undefined || errors.description !== undefined}
              onClick={() => void save()}
            >
              Save
            </Button>
          </Box>
        </>
      ) : group.description === '' ? null : (
        <Typography variant="body2" sx={{ color: 'text.secondary', overflowWrap: 'anywhere' }}>
          {group.description}
        </Typography>
      )}
    </Box>
  );
}
