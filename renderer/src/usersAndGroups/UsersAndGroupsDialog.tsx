import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useId, useState } from 'react';
import type { InstanceView } from '../../../shared/domain/instance';
import { GroupsTab } from './GroupsTab';
import { UsersTab } from './UsersTab';

type Section = 'users' | 'groups';

/** The dialog an admin reaches from an instance's context menu (seed 000). */
export function UsersAndGroupsDialog({ instance, onClose }: { instance: InstanceView; onClose: () => void }) {
  const [section, setSection] = useState<Section>('users');
  const id = useId();
  const tabId = (value: Section) => `${id}-tab-${value}`;
  const panelId = (value: Section) => `${id}-panel-${value}`;
  const tabProps = (value: Section) => ({ value, id: tabId(value), 'aria-controls': panelId(value) });
  const panelProps = (value: Section) => ({
    role: 'tabpanel',
    id: panelId(value),
    'aria-labelledby': tabId(value),
    hidden: section !== value,
    style: section === value ? { flex: 1, display: 'flex' } : undefined,
  });

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      maxWidth="md"
      fullWidth
      slotProps={{ paper: { sx: { height: 'min(720px, 85vh)' } } }}
    >
      <DialogTitle id={`${id}-title`}>Users and Groups — {instance.name}</DialogTitle>
      <Tabs
        value={section}
        onChange={(_, value: Section) => setSection(value)}
        aria-label="Users and Groups sections"
        selectionFollowsFocus
        sx={{ px: 2, borderBottom: 1, borderColor: 'divider' }}
      >
        {/* Focus starts on the tabs until the lists arrive, so the arrows switch sections at once. */}
        <Tab label="Users" autoFocus {...tabProps('users')} />
        <Tab label="Groups" {...tabProps('groups')} />
      </Tabs>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', p: 0 }}>
        <div {...panelProps('users')}>
          <UsersTab instance={instance} />
        </div>
        <div {...panelProps('groups')}>
          <GroupsTab instance={instance} />
        </div>
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'divider' }}>
        {/* Nothing can be edited yet, so there is nothing to save; OK and Cancel both close. */}
        <Button disabled>Save</Button>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={onClose}>
          OK
        </Button>
      </DialogActions>
    </Dialog>
  );
}
