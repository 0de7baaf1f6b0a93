import { SimpleTreeView } from '@mui/x-tree-view/SimpleTreeView';
import { TreeItem } from '@mui/x-tree-view/TreeItem';
import { useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { InstanceView } from '../../../shared/domain/instance';
import { InstanceContextMenu, type InstanceCommand, type MenuAnchor } from './InstanceContextMenu';
import { InstanceLabel, instanceNodeName } from './InstanceLabel';

interface Props {
  instances: InstanceView[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  onCommand: (instance: InstanceView, command: InstanceCommand) => void;
}

const isMenuKey = (event: KeyboardEvent) =>
  event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10');

export function InstanceTree({ instances, selectedId, onSelect, onCommand }: Props) {
  const [menu, setMenu] = useState<{ instance: InstanceView; anchor: MenuAnchor }>();

  const openMenu = (instance: InstanceView, anchor: MenuAnchor) => {
    onSelect(instance.id);
    setMenu({ instance, anchor });
  };

  const onContextMenu = (instance: InstanceView) => (event: MouseEvent<HTMLLIElement>) => {
    event.preventDefault();
    event.stopPropagation();
    // The context-menu key also fires this event, with no pointer position: anchor to the node then.
    const fromKeyboard = event.button !== 2 || (event.clientX === 0 && event.clientY === 0);
    const anchor: MenuAnchor = fromKeyboard
      ? { kind: 'element', element: event.currentTarget }
      : { kind: 'point', left: event.clientX, top: event.clientY };
    openMenu(instance, anchor);
  };

  const onKeyDown = (instance: InstanceView) => (event: KeyboardEvent<HTMLLIElement>) => {
    if (isMenuKey(event)) {
      event.preventDefault();
      openMenu(instance, { kind: 'element', element: event.currentTarget });
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onCommand(instance, 'usersAndGroups');
    }
  };

  return (
    <>
      <SimpleTreeView
        aria-label="Instances"
        selectedItems={selectedId ?? null}
        onSelectedItemsChange={(_, id) => {
          if (id) onSelect(id);
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
                onRetry={() => onCommand(instance, 'connect')}
                onEditConnection={() => onCommand(instance, 'editConnection')}
              />
            }
            aria-label={instanceNodeName(instance)}
            onContextMenu={onContextMenu(instance)}
            onKeyDown={onKeyDown(instance)}
            onDoubleClick={() => onCommand(instance, 'usersAndGroups')}
          />
        ))}
      </SimpleTreeView>
      {menu && (
        <InstanceContextMenu
          instance={menu.instance}
          anchor={menu.anchor}
          onClose={() => setMenu(undefined)}
          onCommand={(command) => onCommand(menu.instance, command)}
        />
      )}
    </>
  );
}
