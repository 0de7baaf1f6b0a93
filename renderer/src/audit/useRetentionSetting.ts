import { useEffect, useState } from 'react';
import type { RosterErrorData } from '../../../shared/contract/errors';
import type { AuditRetention } from '../../../shared/domain/audit';
import { holds, type Role } from '../../../shared/domain/roles';
import { roster } from '../roster/roster';
import { checkRetention, retentionChanged, toRetentionDraft, type RetentionDraft } from './retentionDraft';

export interface RetentionSetting {
  /** False for a role that may not read the log, and so not its retention either. */
  readable: boolean;
  saved: AuditRetention | undefined;
  draft: RetentionDraft | undefined;
  change: (draft: RetentionDraft) => void;
  /** Why the days cannot be saved as typed. */
  error: string | undefined;
  failure: RosterErrorData | undefined;
  retry: () => void;
  /** Saves the draft when it differs from what the instance keeps; resolves to a refusal, if any. */
  save: () => Promise<RosterErrorData | undefined>;
}

/** The Instance settings' audit retention: read once the caller's role allows, saved with the dialog. */
export function useRetentionSetting(instanceId: string, role: Role | undefined): RetentionSetting {
  const readable = role !== undefined && holds(role, 'audit.read');
  const [saved, setSaved] = useState<AuditRetention>();
  const [draft, setDraft] = useState<RetentionDraft>();
  const [failure, setFailure] = useState<RosterErrorData>();
  const [reads, setReads] = useState(0);

  useEffect(() => {
    if (!readable) return;
    let current = true;
    setFailure(undefined);
    void roster()
      .invoke('directory.audit.retention', { instanceId })
      .then((result) => {
        if (!current) return;
        if (!result.ok) return setFailure(result.error);
        setSaved(result.value);
        setDraft(toRetentionDraft(result.value));
      });
    return () => {
      current = false;
    };
  }, [instanceId, readable, reads]);

  const checked = draft && checkRetention(draft);
  return {
    readable,
    saved,
    draft,
    change: (next) => {
      setDraft(next);
      setFailure(undefined);
    },
    error: checked && 'error' in checked ? checked.error : undefined,
    failure,
    retry: () => setReads((count) => count + 1),
    async save() {
      if (!saved || !draft || !retentionChanged(saved, draft) || !checked || !('retention' in checked))
        return undefined;
      const result = await roster().invoke('directory.audit.setRetention', {
        instanceId,
        retention: checked.retention,
      });
      if (!result.ok) {
        setFailure(result.error);
        return result.error;
      }
      setSaved(result.value);
      return undefined;
    },
  };
}
