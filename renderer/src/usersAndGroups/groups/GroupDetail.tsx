import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RosterErrorData } from '../../../../shared/contract/errors';
import type { GroupSummary } from '../../../../shared/domain/directory';
import { FailureAlert } from '../../common/FailureAlert';
import { roster } from '../../roster/roster';
import { useFeedback } from '../../store/feedbackStore';
import { useUserEditor } from '../userEditorStore';
import { GroupForm } from './GroupForm';
import { GroupMembers } from './GroupMembers';

/**
 * One group, read afresh whenever anything in the dialog changed: its name and description (a form
 * when editable) above its members.
 */
export function GroupDetail({
  instanceId,
  groupId,
  editable,
  onChanged,
  onGone,
}: {
  instanceId: string;
  groupId: number;
  editable: boolean;
  /** After a write here: the list and other views read again. */
  onChanged: () => void;
  /** The group no longer exists (someone else deleted it). */
  onGone: () => void;
}) {
  const changes = useUserEditor((state) => state.changes);
  const [group, setGroup] = useState<GroupSummary>();
  const [error, setError] = useState<RosterErrorData>();
  // Only the latest read may set the group: an older one finishing late would show stale counts.
  const reads = useRef(0);

  const load = useCallback(async () => {
    const read = ++reads.current;
    const result = await roster().invoke('directory.groups.get', { instanceId, groupId });
    if (read !== reads.current) return;
    if (result.ok) {
      setGroup(result.value);
      setError(undefined);
    } else if (result.error.code === 'NOT_FOUND') {
      useFeedback.getState().showError(result.error);
      onGone();
    } else {
      setError(result.error);
    }
  }, [instanceId, groupId, onGone]);

  useEffect(() => {
    void load();
  }, [load, changes]);

  if (!group)
    return error ? (
      <Box sx={{ p: 1.5 }}>
        <FailureAlert error={error} onRetry={() => void load()} />
      </Box>
    ) : (
      <Box sx={{ display: 'flex', justifyContent: 'center', p: 4 }}>
        <CircularProgress size={28} aria-label="Loading the group" />
      </Box>
    );

  const saved = (next: GroupSummary) => {
    setGroup(next);
    onChanged();
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, minWidth: 0 }}>
      <GroupForm
        instanceId={instanceId}
        group={group}
        editable={editable}
        onSaved={saved}
        onReload={() => void load()}
        onGone={onGone}
      />
      <GroupMembers instanceId={instanceId} group={group} editable={editable} onChanged={saved} />
    </Box>
  );
}
