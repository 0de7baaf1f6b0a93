import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import type { InstanceView } from '../../../shared/domain/instance';
import type { InstanceSection } from './instanceSections';
import { menuPlacement, type MenuAnchor } from './menuAnchor';

interface Props {
  instance: InstanceView;
  section: InstanceSection;
  anchor: MenuAnchor;
  onClose: () => void;
}

/** A section node's own commands: "Add user…" on Users, "Add group…" on Groups. */
export function SectionContextMenu({ instance, section, anchor, onClose }: Props) {
  return (
    <Menu
      open
      onClose={onClose}
      slotProps={{ list: { 'aria-label': `${instance.name} ${section.label} actions` } }}
      {...menuPlacement(anchor)}
    >
      {section.commands.map((command, index) => (
        <MenuItem
          key={command.label}
          onClick={() => {
            onClose();
            command.run(instance.id);
          }}
        >
          <ListItemText slotProps={{ primary: { sx: index === 0 ? { fontWeight: 600 } : undefined } }}>
            {command.label}
          </ListItemText>
        </MenuItem>
      ))}
    </Menu>
  );
}
