import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import Button from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import { ImportUsersDialog } from './ImportUsersDialog';
import { useImport } from './importStore';

/** Import… in the users toolbar, and the dialog it opens. */
export function ImportUsersButton({
  instanceId,
  local,
  onImported,
}: {
  instanceId: string;
  /** A local instance, which never mails the new users' links. */
  local: boolean;
  onImported: () => void;
}) {
  return (
    <>
      <Tooltip title="Create or update users from a CSV file, with a preview first" describeChild>
        <Button
          startIcon={<UploadFileOutlined />}
          onClick={() => useImport.getState().open(instanceId, onImported)}
        >
          Import…
        </Button>
      </Tooltip>
      <ImportUsersDialog local={local} />
    </>
  );
}
