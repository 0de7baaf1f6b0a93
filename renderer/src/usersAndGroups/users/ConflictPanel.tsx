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
import { ROLE_LABELS } from '../../../../shared/domain/roles';
import type { UserDraft } from '../userDraft';
import { useUserEditor } from '../userEditorStore';

interface Row {
  field: string;
  server: string;
  /** The admin's edit; undefined when they left the field as it was. */
  mine: string | undefined;
  /** Someone else changed this field since the admin opened the user. */
  changedThere: boolean;
}

const status = (enabled: boolean) => (enabled ? 'Enabled' : 'Disabled');
const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** Field by field: what the user is now on the instance, and what the admin edited. */
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
  const row = (field: string, then: string, now: string, edit: string): Row => ({
    field,
    server: now,
    mine: edit === then ? undefined : edit,
    changedThere: now !== then,
  });
  const rows = [
    row('Display name', opened.displayName, server.displayName, draft.displayName),
    row('Email address', opened.email, server.email, draft.email),
    row('Status', status(opened.enabled), status(server.enabled), status(draft.enabled)),
    row(
      'Groups',
      groupNames(opened.groupIds),
      groupNames(server.groups.map((group) => group.id)),
      groupNames(draft.groupIds),
    ),
    row('Role', ROLE_LABELS[opened.role], ROLE_LABELS[server.role], ROLE_LABELS[draft.role]),
    row(
      'May reset own password',
      yesNo(opened.mayResetOwnPassword),
      yesNo(server.mayResetOwnPassword),
      yesNo(draft.mayResetOwnPassword),
    ),
  ];
  return rows.filter((candidate) => candidate.changedThere || candidate.mine !== undefined);
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
      {server.username} was changed on the instance after you opened it. Your edits are still in the form
      {draft.password === '' ? '' : ', your new password too'}. Applying them changes only the fields you
      edited; the other changes stay.
      <Table
        size="small"
        aria-label="Your edits and the user as it is now"
        // Long email addresses wrap inside their column instead of running out of the alert.
        sx={{ my: 1, tableLayout: 'fixed', '& td, & th': { overflowWrap: 'anywhere' } }}
      >
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
              <TableCell>{row.mine ?? '(not edited)'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Stack direction="row" spacing={1}>
        <Button variant="contained" size="small" disabled={saving} onClick={() => void overwrite()}>
          Apply my edits to the current version
        </Button>
        <Button size="small" disabled={saving} onClick={reload}>
          Discard my edits and reload
        </Button>
      </Stack>
    </Alert>
  );
}
