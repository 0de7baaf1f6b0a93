import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useApp } from '../store/appStore';
import { useWorkbench } from '../store/workbenchStore';
import { Property, PropertyList } from '../common/PropertyList';
import { WhereThingsAre } from './WhereThingsAre';

export function AboutDialog() {
  const open = useWorkbench((state) => state.about);
  const set = useWorkbench((state) => state.set);
  const info = useApp((state) => state.info);
  const close = () => set({ about: false });
  return (
    <Dialog open={open} onClose={close} aria-labelledby="about-title" maxWidth="xs" fullWidth>
      <DialogTitle id="about-title">About Roster</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          Users and groups of Integrate instances, local and remote.
        </Typography>
        {info ? (
          <PropertyList>
            <Property name="Version">{info.version}</Property>
            <Property name="Runs as">{info.host === 'electron' ? 'Desktop app' : 'Browser host'}</Property>
            <Property name="Platform">{info.platform}</Property>
            <WhereThingsAre info={info} />
          </PropertyList>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
