import CheckBox from '@mui/icons-material/CheckBox';
import CheckBoxOutlineBlank from '@mui/icons-material/CheckBoxOutlineBlank';
import ViewColumnOutlined from '@mui/icons-material/ViewColumnOutlined';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import { memo, useId, useState } from 'react';
import { COLUMN_LABELS, optionalColumns, toggleColumn, useShownColumns } from '../userColumnsStore';

/**
 * The list's Columns button: a menu of the columns that may be hidden, each checked while shown;
 * the choice is a preference, kept across restarts.
 * Memoised: its menu stays put while the admin types and the list answers.
 */
export const UserColumnsMenu = memo(function UserColumnsMenu() {
  const [anchor, setAnchor] = useState<HTMLElement>();
  const shownColumns = useShownColumns();
  const menuId = useId();
  return (
    <>
      <Tooltip title="Choose columns">
        <IconButton
          aria-label="Columns"
          aria-haspopup="menu"
          aria-expanded={anchor ? true : undefined}
          aria-controls={anchor ? menuId : undefined}
          onClick={(event) => setAnchor(event.currentTarget)}
        >
          <ViewColumnOutlined fontSize="small" />
        </IconButton>
      </Tooltip>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={anchor !== undefined}
        onClose={() => setAnchor(undefined)}
        slotProps={{ list: { 'aria-label': 'Columns' } }}
      >
        {optionalColumns.map((column) => {
          const shown = shownColumns.includes(column);
          return (
            // Stays open, so that several columns can be switched in a row.
            <MenuItem
              key={column}
              role="menuitemcheckbox"
              aria-checked={shown}
              onClick={() => toggleColumn(column)}
            >
              <ListItemIcon>
                {shown ? <CheckBox fontSize="small" /> : <CheckBoxOutlineBlank fontSize="small" />}
              </ListItemIcon>
              <ListItemText>{COLUMN_LABELS[column]}</ListItemText>
            </MenuItem>
          );
        })}
      </Menu>
    </>
  );
});
