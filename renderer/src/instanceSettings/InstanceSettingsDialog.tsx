import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useState } from 'react';
import type { RosterErrorData } from '../../../shared/contract/errors';
import type { InstanceView } from '../../../shared/domain/instance';
import { describePolicy } from '../../../shared/domain/passwordPolicy';
import { holds, ROLE_LABELS, type Role } from '../../../shared/domain/roles';
import { RetentionFields } from '../audit/RetentionFields';
import { useRetentionSetting } from '../audit/useRetentionSetting';
import { FailureAlert } from '../common/FailureAlert';
import { roster } from '../roster/roster';
import { useFeedback } from '../store/feedbackStore';
import { PasswordPolicyFields } from './PasswordPolicyFields';
import { checkDraft, toDraft, type PolicyDraft, type PolicyErrors } from './policyDraft';

interface Props {
  instance: InstanceView;
  onClose: () => void;
}

/** Why the policy is shown read-only, naming the account and role the instance was reached with. */
function readOnlyReason(instance: InstanceView, role: Role): string {
  const who = instance.connection
    ? `Signed in as ${instance.connection.username} with the role ${ROLE_LABELS[role]}`
    : `Your role on this instance is ${ROLE_LABELS[role]}`;
  return `${who}: only an Administrator can change the password policy.`;
}

/**
 * "Instance settings…": the instance's password policy. Everyone who reaches the instance may read
 * it, so the dialog always opens; a role that may not change it sees it read-only, told why, rather
 * than a Save the server would refuse.
 */
export function InstanceSettingsDialog({ instance, onClose }: Props) {
  const titleId = useId();
  const [role, setRole] = useState<Role>();
  const [draft, setDraft] = useState<PolicyDraft>();
  const [original, setOriginal] = useState<PolicyDraft>();
  const [loadFailure, setLoadFailure] = useState<RosterErrorData>();
  // Bumped by Retry, to read the settings again.
  const [reads, setReads] = useState(0);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<RosterErrorData>();

  useEffect(() => {
    let current = true;
    setLoadFailure(undefined);
    const instanceId = instance.id;
    void Promise.all([
      roster().invoke('directory.status', { instanceId }),
      roster().invoke('directory.settings.passwordPolicy', { instanceId }),
    ]).then(([status, policy]) => {
      if (!current) return;
      if (!status.ok) return setLoadFailure(status.error);
      if (!policy.ok) return setLoadFailure(policy.error);
      setRole(status.value.role);
      setDraft(toDraft(policy.value));
      setOriginal(toDraft(policy.value));
    });
    return () => {
      current = false;
    };
  }, [instance.id, reads]);

  const writable = role !== undefined && holds(role, 'instance.settings');
  const retention = useRetentionSetting(instance.id, role);
  const checked = draft && checkDraft(draft);
  const errors: PolicyErrors = {
    ...(checked && 'errors' in checked ? checked.errors : {}),
    // A refusal names its field when it has one; the rest shows above the buttons.
    ...(refusal?.field === 'minLength' || refusal?.field === 'maxLength'
      ? { [refusal.field]: refusal.message }
      : {}),
  };
  const formRefusal =
    refusal && refusal.field !== 'minLength' && refusal.field !== 'maxLength' ? refusal : undefined;

  const change = (next: PolicyDraft) => {
    setDraft(next);
    setRefusal(undefined);
  };

  const save = async () => {
    if (!writable || saving || !checked || !('policy' in checked) || retention.error) return;
    setSaving(true);
    // An unchanged policy is not sent: each save is an entry in the audit log.
    const policyChanged = JSON.stringify(toDraft(checked.policy)) !== JSON.stringify(original);
    const result = policyChanged
      ? await roster().invoke('directory.settings.setPasswordPolicy', {
          instanceId: instance.id,
          policy: checked.policy,
        })
      : undefined;
    if (result && !result.ok) {
      setSaving(false);
      return setRefusal(result.error);
    }
    const retentionRefused = await retention.save();
    setSaving(false);
    if (retentionRefused) return;
    useFeedback
      .getState()
      .show(
        'success',
        policyChanged
          ? `The password policy of ${instance.name} was saved.`
          : `The settings of ${instance.name} were saved.`,
      );
    onClose();
  };

  const body = () => {
    if (loadFailure)
      return <FailureAlert error={loadFailure} onRetry={() => setReads((count) => count + 1)} />;
    if (!draft || !checked || role === undefined)
      return (
        <Box sx={{ display: 'flex', justifyContent: 'center', py: 4 }}>
          <CircularProgress aria-label="Reading the instance settings" />
        </Box>
      );
    return (
      <>
        {writable ? null : (
          <Alert severity="info" role="note" sx={{ mb: 1 }}>
            {readOnlyReason(instance, role)}
          </Alert>
        )}
        <PasswordPolicyFields draft={draft} errors={errors} readOnly={!writable} onChange={change} />
        <Typography role="status" variant="body2" sx={{ mt: 1.5, color: 'text.secondary' }}>
          {'policy' in checked
            ? `New passwords: ${describePolicy(checked.policy)}.`
            : 'Correct the lengths above to see the policy.'}
        </Typography>
        {errors.form ? (
          <Alert severity="error" sx={{ mt: 1 }}>
            {errors.form}
          </Alert>
        ) : null}
        {formRefusal ? <FailureAlert error={formRefusal} sx={{ mt: 1 }} /> : null}
        <RetentionFields setting={retention} readOnly={!writable} />
      </>
    );
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <Box
        component="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        // The content scrolls between a fixed title and buttons on a short window.
        sx={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}
      >
        <DialogTitle id={titleId}>Instance settings — {instance.name}</DialogTitle>
        <DialogContent>
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
            Password policy
          </Typography>
          <DialogContentText variant="body2" sx={{ mb: 1 }}>
            Every password set on this instance from now on must follow it: set by an administrator, by users
            themselves, or on accepting an invitation. Passwords already set are not affected.
          </DialogContentText>
          {body()}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          {writable ? (
            <>
              <Button onClick={onClose}>Cancel</Button>
              <Button
                type="submit"
                variant="contained"
                disabled={saving}
                startIcon={saving ? <CircularProgress size={16} /> : undefined}
              >
                {saving ? 'Saving…' : 'Save'}
              </Button>
            </>
          ) : (
            <Button variant="contained" onClick={onClose}>
              Close
            </Button>
          )}
        </DialogActions>
      </Box>
    </Dialog>
  );
}
