import { SimpleTreeView } from '@mui/x-tree-view/SimpleTreeView';
import { TreeItem } from '@mui/x-tree-view/TreeItem';
import { useState, type KeyboardEvent, type MouseEvent } from 'react';
import { isContextKey } from '../../../shared/commands/accelerators';
import type { InstanceView } from '../../../shared/domain/instance';
import { isMacPlatform } from '../commands/platform';
import { useApp } from '../store/appStore';
import { InstanceContextMenu, type InstanceCommand } from './InstanceContextMenu';
import { InstanceLabel, instanceNodeName } from './InstanceLabel';
import { InstanceSectionItems } from './InstanceSectionItems';
import { instanceOfItem, sectionItemId, type InstanceSection } from './instanceSections';
import { anchorOf, isMenuKey, type MenuAnchor } from './menuAnchor';
import { SectionContextMenu } from './SectionContextMenu';

interface Props {
  instances: InstanceView[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  onCommand: (instance: InstanceView, command: InstanceCommand) => void;
}

type OpenMenu =
  | { kind: 'instance'; instance: InstanceView; anchor: MenuAnchor }
  | { kind: 'section'; instance: InstanceView; section: InstanceSection; anchor: MenuAnchor };

/** Keys a node handles itself are kept from the tree, which would otherwise also expand or select. */
const keepFromTree = (event: KeyboardEvent) => {
  event.preventDefault();
  (event as KeyboardEvent & { defaultMuiPrevented?: boolean }).defaultMuiPrevented = true;
};

/**
 * The navigator's tree, as in IDEs: each instance expands (chevron, or the right arrow) into what it
 * holds. Expansion is a preference, so the tree opens as it was left. The selected instance is the
 * app's (the work area and the status bar follow it); a section node selects its instance too.
 */
export function InstanceTree({ instances, selectedId, onSelect, onCommand }: Props) {
  const [menu, setMenu] = useState<OpenMenu>();
  const [selectedItem, setSelectedItem] = useState<string>();
  const expanded = useApp((state) => state.preferences.expandedInstances);
  const setExpanded = useApp((state) => state.setExpandedInstances);

  const openMenu = (next: OpenMenu) => {
    onSelect(next.instance.id);
    setMenu(next);
  };

  // An event from a section node bubbles through its instance's node: that one is not for it.
  const onContextMenu = (instance: InstanceView) => (event: MouseEvent<HTMLLIElement>) => {
    event.preventDefault();
    event.stopPropagation();
    openMenu({ kind: 'instance', instance, anchor: anchorOf(event) });
  };

  const onKeyDown = (instance: InstanceView) => (event: KeyboardEvent<HTMLLIElement>) => {
    if (event.target !== event.currentTarget) return;
    if (isMenuKey(event)) {
      keepFromTree(event);
      openMenu({ kind: 'instance', instance, anchor: { kind: 'element', element: event.currentTarget } });
    } else if (event.key === 'Enter') {
      keepFromTree(event);
      onCommand(instance, 'instance.usersAndGroups');
    } else if (isContextKey(event, 'instance.remove', isMacPlatform())) {
      keepFromTree(event);
      onCommand(instance, 'instance.remove');
    }
  };

  const selectedInstance =
    selectedItem && instanceOfItem(selectedItem) === selectedId ? selectedItem : selectedId;

  return (
    <>
      <SimpleTreeView
        aria-label="Instances"
        expansionTrigger="iconContainer"
        expandedItems={expanded}
        onExpandedItemsChange={(_, ids) => {
          const known = new Set(instances.map((instance) => instance.id));
          void setExpanded(ids.filter((id) => known.has(id)));
        }}
        selectedItems={selectedInstance ?? null}
        onSelectedItemsChange={(_, id) => {
          if (!id) return;
          setSelectedItem(id);
          onSelect(instanceOfItem(id));
        }}
        sx={{ px: 0.5 }}
      >
        {instances.map((instance) => (
          <TreeItem
            key={instance.id}
            itemId={instance.id}
            label={
              <InstanceLabel
                instance={instance}
                onRetry={() => onCommand(instance, 'instance.connect')}
                onEditConnection={() => onCommand(instance, 'instance.editConnection')}
              />
            }
            aria-label={instanceNodeName(instance)}
            onContextMenu={onContextMenu(instance)}
            onKeyDown={onKeyDown(instance)}
            onDoubleClick={() => onCommand(instance, 'instance.usersAndGroups')}
          >
            <InstanceSectionItems
              instance={instance}
              expanded={expanded.includes(instance.id)}
              onMenu={(section, anchor) => {
                setSelectedItem(sectionItemId(instance.id, section));
                openMenu({ kind: 'section', instance, section, anchor });
              }}
            />
          </TreeItem>
        ))}
      </SimpleTreeView>
      {menu?.kind === 'instance' && (
        <InstanceContextMenu
          instance={menu.instance}
          anchor={menu.anchor}
          onClose={() => setMenu(undefined)}
          onCommand={(command) => onCommand(menu.instance, command)}
        />
      )}
      {menu?.kind === 'section' && (
        <SectionContextMenu
          instance={menu.instance}
          section={menu.section}
          anchor={menu.anchor}
          onClose={() => setMenu(undefined)}
        />
      )}
    </>
  );
}
