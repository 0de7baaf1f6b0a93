import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { InstanceView } from '../../../shared/domain/instance';
import type { UsersAndGroupsStart } from '../store/instancesStore';
import { mayDiscardEdits, mayDiscardGroupEdits, mayDiscardUserEdits } from './discardGuard';
import { GroupsTab, type GroupsTabCommands } from './groups/GroupsTab';
import { readOnlyNotice } from './roleText';
import { callerMayWrite, dirtyEditor, useUserEditor } from './userEditorStore';
import { UsersTab, type UsersTabCommands } from './users/UsersTab';

type Section = 'users' | 'groups';

const isEditable = (target: EventTarget) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The dialog an admin reaches from an instance's context menu (seed 000). Like
 * desktop dialogs: Save applies and stays, OK applies and closes, Cancel (or
 * Escape, or closing) asks before throwing unsaved edits away. A role that may
 * only read (an Auditor) gets the same dialog read-only: it says so once at the
 * top, offers nothing that changes the instance, and OK only closes.
 */
export function UsersAndGroupsDialog({
  instance,
  start,
  onClose,
}: {
  instance: InstanceView;
  /** The tab it opens on, and whether it starts a new user or group there (the navigator's Add…). */
  start: UsersAndGroupsStart;
  onClose: () => void;
}) {
  const [section, setSection] = useState<Section>(start.section);
  const adding = useRef(start.add);
  const id = useId();
  const users = useRef<UsersTabCommands>(null);
  const groups = useRef<GroupsTabCommands>(null);
  const dirty = useUserEditor(dirtyEditor);
  const saving = useUserEditor((state) => state.saving);
  const editing = useUserEditor((state) => state.mode !== 'none');
  const role = useUserEditor((state) => state.role);
  const writable = useUserEditor(callerMayWrite);

  useEffect(() => {
    useUserEditor.getState().reset(instance.id, instance.connection?.username);
  }, [instance.id, instance.connection?.username]);

  // Adding waits for the role: only then is it known whether this caller may add at all (a
  // read-only role is told so by the notice instead).
  useEffect(() => {
    // From the store, not the render: the role a previous dialog left is not this instance's.
    const editor = useUserEditor.getState();
    if (!adding.current || editor.instanceId !== instance.id || editor.role === undefined) return;
    adding.current = false;
    if (!callerMayWrite(editor)) return;
    if (start.section === 'users') users.current?.newUser();
    else groups.current?.newGroup();
  }, [role, instance.id, start.section]);

  const save = () => useUserEditor.getState().save();
  const ok = async () => {
    const saved = !callerMayWrite(useUserEditor.getState()) || (await save());
    if (saved && (await mayDiscardGroupEdits())) onClose();
  };
  const cancel = async () => {
    if (await mayDiscardEdits()) onClose();
  };
  const switchTo = async (next: Section) => {
    if (next === section) return;
    // The tab left takes its form with it.
    if (!(await (next === 'groups' ? mayDiscardUserEdits() : mayDiscardGroupEdits()))) return;
    if (next === 'groups') useUserEditor.getState().close();
    setSection(next);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // React bubbles keys from nested dialogs (Add group, confirmations) through their portals;
    // those belong to the nested dialog.
    if (!(event.currentTarget as Node).contains(event.target as Node)) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    // Read-only: the shortcuts that change something are taken (Ctrl+S saves no page) and do nothing.
    const readOnly = !callerMayWrite(useUserEditor.getState());
    if (mod && key === 's') {
      handled();
      if (!readOnly) void save();
    } else if (mod && key === 'n') {
      handled();
      if (readOnly) return;
      if (section === 'users') users.current?.newUser();
      else groups.current?.newGroup();
    } else if (mod && key === 'f') {
      handled();
      (section === 'users' ? users.current : groups.current)?.focusFilter();
    } else if (event.key === 'Delete' && !isEditable(event.target)) {
      handled();
      if (readOnly) return;
      (section === 'users' ? users.current : groups.current)?.deleteSelected();
    } else if (
      event.key === 'Enter' &&
      !mod &&
      event.target instanceof HTMLInputElement &&
      event.target.closest('form')
    ) {
      // Enter in a form field is OK, as in desktop dialogs (but not in the group pickers' own lists).
      if (event.target.getAttribute('aria-expanded') === 'true') return;
      handled();
      void ok();
    }
  };

  const tabId = (value: Section) => `${id}-tab-${value}`;
  const panelId = (value: Section) => `${id}-panel-${value}`;
  const tabProps = (value: Section) => ({ value, id: tabId(value), 'aria-controls': panelId(value) });
  const panelProps = (value: Section) => ({
    role: 'tabpanel',
    id: panelId(value),
    'aria-labelledby': tabId(value),
    hidden: section !== value,
    style: section === value ? { flex: 1, display: 'flex', minHeight: 0 } : undefined,
  });

  return (
    <Dialog
      open
      onClose={() => void cancel()}
      onKeyDown={onKeyDown}
      aria-labelledby={`${id}-title`}
      maxWidth="lg"
      fullWidth
      slotProps={{ paper: { sx: { height: 'min(760px, 90vh)' } } }}
    >
      <DialogTitle id={`${id}-title`}>Users and Groups — {instance.name}</DialogTitle>
      {role !== undefined && !writable ? (
        <Alert severity="info" role="note" sx={{ mx: 2, mb: 1 }}>
          {readOnlyNotice(role, instance.connection?.username)}
        </Alert>
      ) : null}
      <Tabs
        value={section}
        onChange={(_, value: Section) => void switchTo(value)}
        aria-label="Users and Groups sections"
        sx={{ px: 2, borderBottom: 1, borderColor: 'divider' }}
      >
        <Tab label="Users" {...tabProps('users')} />
        <Tab label="Groups" {...tabProps('groups')} />
      </Tabs>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', p: 0, minHeight: 0 }}>
        <div {...panelProps('users')}>
          {section === 'users' ? <UsersTab ref={users} instance={instance} /> : null}
        </div>
        <div {...panelProps('groups')}>
          {section === 'groups' ? <GroupsTab ref={groups} instance={instance} /> : null}
        </div>
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'divider', px: 2 }}>
        <Typography variant="caption" sx={{ flex: 1, color: 'text.secondary' }}>
          {dirty ? 'Unsaved changes' : ''}
        </Typography>
        {section === 'users' && writable ? (
          <Button disabled={!editing || !dirty || saving} onClick={() => void save()}>
            Save
          </Button>
        ) : null}
        {writable ? <Button onClick={() => void cancel()}>Cancel</Button> : null}
        <Button variant="contained" disabled={saving} onClick={() => void ok()}>
          OK
        </Button>
      </DialogActions>
    </Dialog>
  );
}
