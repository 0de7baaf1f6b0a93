import VerifiedUserOutlined from '@mui/icons-material/VerifiedUserOutlined';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import type { RosterErrorData } from '../../../shared/contract/errors';
import type { AuditVerification } from '../../../shared/domain/audit';
import { roster } from '../roster/roster';

export type VerifyOutcome =
  | { state: 'checking' }
  | { state: 'done'; result: AuditVerification }
  | { state: 'failed'; error: RosterErrorData };

/** Verify: checks every entry's hash against its content and its predecessor's, on the main side. */
export function VerifyButton({
  instanceId,
  checking,
  onOutcome,
}: {
  instanceId: string;
  checking: boolean;
  onOutcome: (outcome: VerifyOutcome) => void;
}) {
  const verify = async () => {
    onOutcome({ state: 'checking' });
    const result = await roster().invoke('directory.audit.verify', { instanceId });
    onOutcome(result.ok ? { state: 'done', result: result.value } : { state: 'failed', error: result.error });
  };
  return (
    <Button
      size="small"
      startIcon={checking ? <CircularProgress size={16} /> : <VerifiedUserOutlined />}
      disabled={checking}
      onClick={() => void verify()}
    >
      {checking ? 'Verifying…' : 'Verify'}
    </Button>
  );
}
