import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { UserDetail } from '../../../../shared/domain/directory';
import type { UserDraft } from '../userDraft';
import { useUserEditor } from '../userEditorStore';

interface Row {
  field: string;
  server: string;
  mine: string;
  /** Someone else changed this field since the admin opened the user. */
  changedThere: boolean;
}

const yesNo = (value: boolean) => (value ? 'Enabled' : 'Disabled');

/** Field by field: what the user is now on the instance, and what the admin's form holds. */
function differences(
  opened: UserDraft,
  draft: UserDraft,
  server: UserDetail,
  names: Map<number, string>,
): Row[] {
  const groupNames = (ids: readonly number[]) =>
    ids
      .map((id) => names.get(id) ?? `group ${id}`)
      .sort((a, b) => a.localeCompare(b))
      .join(', ') || '(none)';
  const serverGroups = server.groups.map((group) => group.id);
  const rows: Row[] = [
    {
      field: 'Display name',
      server: server.displayName,
      mine: draft.displayName,
      changedThere: server.displayName !== opened.displayName,
    },
    {
      field: 'Email address',
      server: server.email,
      mine: draft.email,
      changedThere: server.email !== opened.email,
    },
    {
      field: 'Status',
      server: yesNo(server.enabled),
      mine: yesNo(draft.enabled),
      changedThere: server.enabled !== opened.enabled,
    },
    {
      field: 'Groups',
      server: groupNames(serverGroups),
      mine: groupNames(draft.groupIds),
      changedThere: groupNames(serverGroups) !== groupNames(opened.groupIds),
    },
  ];
  return rows.filter((row) => row.changedThere || row.server !== row.mine);
}

/**
 * Shown when a save found the user changed by someone else since it was opened: both versions side
 * by side, and the admin decides. Their edits stay in the form until they do.
 */
export function ConflictPanel({ server }: { server: UserDetail }) {
  const { original, draft, user, saving, overwrite, reload } = useUserEditor();
  const names = new Map([...(user?.groups ?? []), ...server.groups].map((group) => [group.id, group.name]));
  const rows = differences(original, draft, server, names);
  return (
    <Alert severity="warning" variant="outlined" role="alert" sx={{ mb: 1 }}>
      <AlertTitle>Changed by someone else</AlertTitle>
      {server.username} was changed on the instance after you opened it. Your edits are still in the form.
      {draft.password === '' ? '' : ' Your new password is kept too.'}
      <Table size="small" aria-label="Your edits and the user as it is now" sx={{ my: 1 }}>
        <TableHead>
          <TableRow>
            <TableCell component="th">Field</TableCell>
            <TableCell component="th">Now on the instance</TableCell>
            <TableCell component="th">Your edits</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.field}>
              <TableCell component="th" scope="row">
                {row.field}
              </TableCell>
              <TableCell sx={{ fontWeight: row.changedThere ? 600 : undefined }}>
                {row.server}
                {row.changedThere ? ' (changed)' : ''}
              </TableCell>
              <TableCell>{row.mine}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Stack direction="row" spacing={1}>
        <Button variant="contained" size="small" disabled={saving} onClick={() => void overwrite()}>
          Save my edits over theirs
        </Button>
        <Button size="small" disabled={saving} onClick={reload}>
          Reload and discard my edits
        </Button>
      </Stack>
    </Alert>
  );
}
