import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { shortcutOf } from '../../../shared/commands/accelerators';
import { commandMenus, commandOf, menuGroups, MENU_LABELS } from '../../../shared/commands/commands';
import { isMacPlatform } from '../commands/platform';
import { useApp } from '../store/appStore';
import { useInstances } from '../store/instancesStore';
import { useWorkbench } from '../store/workbenchStore';
import { PropertyList } from '../common/PropertyList';
import { WhereThingsAre } from './WhereThingsAre';

/** Where an instance server describes its API; undefined for an address that is not a URL. */
const apiDocsOf = (location: string): string | undefined =>
  URL.canParse(location) ? new URL('/docs', location).href : undefined;

function CommandTable() {
  const host = useApp((state) => state.info?.host ?? 'browser');
  const mac = isMacPlatform();
  return (
    <Table size="small" aria-label="Commands and their shortcuts">
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            Menu
          </TableCell>
          <TableCell component="th" scope="col">
            Command
          </TableCell>
          <TableCell component="th" scope="col">
            Shortcut
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {commandMenus.flatMap((menu) =>
          menuGroups(menu, host)
            .flat()
            .map((id) => (
              <TableRow key={id}>
                <TableCell>{MENU_LABELS[menu]}</TableCell>
                <TableCell component="th" scope="row">
                  {commandOf(id).paletteLabel ?? commandOf(id).label}
                </TableCell>
                <TableCell>{shortcutOf(id, mac) ?? '—'}</TableCell>
              </TableRow>
            )),
        )}
      </TableBody>
    </Table>
  );
}

/** The help a user needs at hand: every command and its keys, where Roster keeps things, the APIs. */
export function DocumentationDialog() {
  const open = useWorkbench((state) => state.documentation);
  const set = useWorkbench((state) => state.set);
  const info = useApp((state) => state.info);
  const instances = useInstances((state) => state.instances);
  const remotes = instances.filter((instance) => instance.kind === 'remote');
  const close = () => set({ documentation: false });
  return (
    <Dialog open={open} onClose={close} aria-labelledby="documentation-title" maxWidth="md" fullWidth>
      <DialogTitle id="documentation-title">Roster documentation</DialogTitle>
      {/* Focusable, so that the keyboard can scroll it: it holds no control until the links. */}
      <DialogContent tabIndex={0} role="region" aria-label="Documentation">
        <Typography variant="body2" sx={{ mb: 2 }}>
          Right-click an instance in the navigator (or press Shift+F10 on it) for its commands; every command
          is also in the menus and in the command palette (
          {shortcutOf('view.commandPalette', isMacPlatform())}).
        </Typography>
        <Typography variant="subtitle2" component="h3" sx={{ mt: 1 }}>
          Commands and shortcuts
        </Typography>
        <CommandTable />
        <Typography variant="subtitle2" component="h3" sx={{ mt: 3, mb: 1 }}>
          Where Roster keeps things
        </Typography>
        {info ? (
          <PropertyList>
            <WhereThingsAre info={info} />
          </PropertyList>
        ) : null}
        <Typography variant="subtitle2" component="h3" sx={{ mt: 3, mb: 1 }}>
          Instance server APIs
        </Typography>
        {remotes.length === 0 ? (
          <Typography variant="body2">
            Each instance server describes its REST API at /docs; add a remote instance to link it here.
          </Typography>
        ) : (
          <ul>
            {remotes.map((instance) => (
              <li key={instance.id}>
                <Typography variant="body2">
                  <Link href={apiDocsOf(instance.location)} target="_blank" rel="noreferrer">
                    {instance.name}: API documentation
                  </Link>
                </Typography>
              </li>
            ))}
          </ul>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
