import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import LibraryAddCheckOutlined from '@mui/icons-material/LibraryAddCheckOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { GroupSummary } from '../../../../shared/domain/directory';
import { membersText, namesText } from './deleteGroups';

/** The detail pane while several groups are selected: which ones, and Delete for them all. */
export function SelectedGroups({
  groups,
  editable,
  onDelete,
}: {
  groups: readonly GroupSummary[];
  editable: boolean;
  onDelete: () => void;
}) {
  const memberships = groups.reduce((sum, group) => sum + group.memberCount, 0);
  const count = groups.length.toLocaleString('en-US');
  return (
    <Box
      sx={{
        flex: 1,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 1,
        p: 4,
        color: 'text.secondary',
        textAlign: 'center',
      }}
    >
      <LibraryAddCheckOutlined sx={{ fontSize: 44 }} />
      <Typography variant="subtitle1" component="h3" sx={{ color: 'text.primary', fontWeight: 600 }}>
        {count} groups selected
      </Typography>
      <Typography variant="body2" sx={{ maxWidth: 420 }}>
        {namesText(groups.map((group) => group.name))}, with {membersText(memberships)} in all.
      </Typography>
      {editable ? (
        <Button
          variant="outlined"
          color="error"
          startIcon={<DeleteOutlined />}
          onClick={onDelete}
          sx={{ mt: 1 }}
        >
          Delete {count} groups…
        </Button>
      ) : null}
    </Box>
  );
}
