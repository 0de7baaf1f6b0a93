import EditOutlined from '@mui/icons-material/EditOutlined';
import Link from '@mui/icons-material/Link';
import LinkOff from '@mui/icons-material/LinkOff';
import Button from '@mui/material/Button';
import type { InstanceView } from '../../../shared/domain/instance';
import { Property, PropertyList } from '../common/PropertyList';
import { retryMayHelp } from '../common/remoteFailure';
import { connectionStateLabel } from '../navigator/ConnectionStateDot';
import { useInstances } from '../store/instancesStore';

/** Kind, where it is, who Roster signs in as, and its state with the reason when it failed. */
export function ConnectionDetails({ instance }: { instance: InstanceView }) {
  return (
    <PropertyList>
      <Property name="Kind">{instance.kind === 'local' ? 'Local instance' : 'Remote instance'}</Property>
      <Property name={instance.kind === 'local' ? 'Data file' : 'Address'}>{instance.location}</Property>
      {instance.connection ? <Property name="Signs in as">{instance.connection.username}</Property> : null}
      <Property name="State">{connectionStateLabel(instance)}</Property>
      {instance.stateDetail ? <Property name="Status">{instance.stateDetail}</Property> : null}
    </PropertyList>
  );
}

/**
 * Connect, Retry, Disconnect and Edit connection…, next to the remote instance they act on. Edit
 * connection… opens the navigator's dialog, as the node and the status bar do.
 */
export function ConnectionActions({ instance }: { instance: InstanceView }) {
  const { connect, disconnect, openEditConnection } = useInstances();
  const { state } = instance;
  return (
    <>
      {state === 'connected' || state === 'connecting' ? (
        // Disconnect while connecting stops an attempt that would otherwise wait out its timeout.
        <Button startIcon={<LinkOff />} onClick={() => void disconnect(instance.id)}>
          {state === 'connecting' ? 'Stop connecting' : 'Disconnect'}
        </Button>
      ) : retryMayHelp(instance) ? (
        <Button startIcon={<Link />} onClick={() => void connect(instance.id)}>
          {state === 'error' ? 'Retry connection' : 'Connect'}
        </Button>
      ) : null}
      <Button startIcon={<EditOutlined />} onClick={() => openEditConnection(instance.id)}>
        Edit connection…
      </Button>
    </>
  );
}
