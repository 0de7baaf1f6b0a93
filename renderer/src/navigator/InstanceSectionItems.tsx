import Box from '@mui/material/Box';
import { TreeItem } from '@mui/x-tree-view/TreeItem';
import type { KeyboardEvent, MouseEvent } from 'react';
import type { InstanceView } from '../../../shared/domain/instance';
import { instanceSections, sectionFor, sectionItemId, type InstanceSection } from './instanceSections';
import { anchorOf, isMenuKey, type MenuAnchor } from './menuAnchor';
import { useInstanceCounts } from './useInstanceCounts';
import { useInstanceRole } from './useInstanceRole';

interface Props {
  instance: InstanceView;
  expanded: boolean;
  onMenu: (section: InstanceSection, anchor: MenuAnchor) => void;
}

const numberText = new Intl.NumberFormat();

/** An instance's nodes for what it holds: Users and Groups with their counts, and its Audit log. */
export function InstanceSectionItems({ instance, expanded, onMenu }: Props) {
  const counts = useInstanceCounts(instance, expanded);
  const role = useInstanceRole(instance, expanded);

  const onKeyDown = (section: InstanceSection) => (event: KeyboardEvent<HTMLLIElement>) => {
    if (isMenuKey(event)) {
      event.preventDefault();
      onMenu(sectionFor(section, role), { kind: 'element', element: event.currentTarget });
    } else if (event.key === 'Enter') {
      event.preventDefault();
      section.commands[0].run(instance.id);
    }
  };
  const onContextMenu = (section: InstanceSection) => (event: MouseEvent<HTMLLIElement>) => {
    event.preventDefault();
    event.stopPropagation();
    onMenu(sectionFor(section, role), anchorOf(event));
  };

  return instanceSections.map((section) => {
    const count = counts && section.count?.(counts);
    return (
      <TreeItem
        key={section.id}
        itemId={sectionItemId(instance.id, section)}
        label={
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 0, typography: 'body2' }}>
            <section.Icon fontSize="small" sx={{ color: 'text.secondary' }} />
            <Box component="span" sx={{ flex: 1 }}>
              {section.label}
            </Box>{' '}
            {count === undefined ? null : (
              <Box component="span" sx={{ color: 'text.secondary', typography: 'caption' }}>
                {numberText.format(count)}
              </Box>
            )}
          </Box>
        }
        onKeyDown={onKeyDown(section)}
        onContextMenu={onContextMenu(section)}
        onDoubleClick={(event) => {
          event.stopPropagation();
          section.commands[0].run(instance.id);
        }}
      />
    );
  });
}
