import ChevronRight from '@mui/icons-material/ChevronRight';
import FilterList from '@mui/icons-material/FilterList';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { memo, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ROLE_LABELS, roles } from '../../../../../shared/domain/roles';
import { GroupFilterPicker } from './GroupFilterPicker';
import { STATUS_LABELS, statusFilters, type UserFilters } from './userFilters';

type Open = 'filters' | 'roles' | 'group' | undefined;

/**
 * The Add filter button: a menu of the filters not yet on. A status, a role or a group replaces the
 * one in force, as those are one-of filters; Role… and Member of group… ask which next.
 * Memoised: its menus stay put while the admin types and the list answers.
 */
export const AddFilterMenu = memo(function AddFilterMenu({
  instanceId,
  filters,
  onChange,
}: {
  instanceId: string;
  filters: UserFilters;
  onChange: (filters: UserFilters) => void;
}) {
  const [open, setOpen] = useState<Open>();
  // Every menu and the group picker open under the button.
  const [anchor, setAnchor] = useState<HTMLElement>();
  const menuId = useId();
  const rolesId = useId();
  const close = () => setOpen(undefined);

  // Back to the button once all is closed, also from the role menu and the group picker: they open
  // from an item of a menu that is gone by then, so they have nothing of their own to return to.
  // An effect, so that it runs after theirs, which would put focus back on that item.
  const wasOpen = useRef<Open>(undefined);
  useEffect(() => {
    if (open === undefined && wasOpen.current !== undefined) anchor?.focus();
    wasOpen.current = open;
  }, [open, anchor]);
  const apply = (next: UserFilters) => {
    close();
    onChange(next);
  };

  const items: ReactNode[] = [
    ...statusFilters
      .filter((status) => status !== filters.status)
      .map((status) => (
        <MenuItem key={status} onClick={() => apply({ ...filters, status })}>
          {STATUS_LABELS[status]}
        </MenuItem>
      )),
    <Divider key="status-end" />,
    filters.locked ? null : (
      <MenuItem key="locked" onClick={() => apply({ ...filters, locked: true })}>
        Locked
      </MenuItem>
    ),
    filters.mustChangePassword ? null : (
      <MenuItem key="mustChangePassword" onClick={() => apply({ ...filters, mustChangePassword: true })}>
        Must change password
      </MenuItem>
    ),
    <MenuItem key="role" aria-haspopup="menu" onClick={() => setOpen('roles')}>
      <ListItemText>Role…</ListItemText>
      <ChevronRight fontSize="small" sx={{ color: 'text.secondary' }} />
    </MenuItem>,
    <Divider key="groups" />,
    <MenuItem key="group" onClick={() => setOpen('group')}>
      Member of group…
    </MenuItem>,
    // Either a group or none: picking one of the two drops the other.
    filters.noGroup ? null : (
      <MenuItem key="noGroup" onClick={() => apply({ ...filters, noGroup: true, group: undefined })}>
        Not in any group
      </MenuItem>
    ),
  ];

  return (
    <>
      <Button
        startIcon={<FilterList />}
        aria-haspopup="menu"
        aria-expanded={open === 'filters' ? true : undefined}
        aria-controls={open === 'filters' ? menuId : undefined}
        onClick={(event) => {
          setAnchor(event.currentTarget);
          setOpen('filters');
        }}
        sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}
      >
        Add filter
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={open === 'filters'}
        onClose={close}
        slotProps={{ list: { 'aria-label': 'Add filter' } }}
      >
        {items}
      </Menu>
      <Menu
        id={rolesId}
        anchorEl={anchor}
        open={open === 'roles'}
        onClose={close}
        disableRestoreFocus
        slotProps={{ list: { 'aria-label': 'Role' } }}
      >
        {roles.map((role) => (
          <MenuItem
            key={role}
            role="menuitemradio"
            aria-checked={filters.role === role}
            selected={filters.role === role}
            onClick={() => apply({ ...filters, role })}
          >
            {ROLE_LABELS[role]}
          </MenuItem>
        ))}
      </Menu>
      {open === 'group' ? (
        <GroupFilterPicker
          instanceId={instanceId}
          anchor={anchor}
          onClose={close}
          onPick={(group) => apply({ ...filters, group, noGroup: false })}
        />
      ) : null}
    </>
  );
});
