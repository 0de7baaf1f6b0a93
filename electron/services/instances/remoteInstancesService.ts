import type { Handlers } from '../../../shared/contract/channel';
import { RosterError } from '../../../shared/contract/errors';
import type { instancesChannels } from '../../../shared/contract/instances';
import type { PinnedCertificate } from '../../../shared/domain/certificate';
import type { StoredRemoteInstance } from '../../../shared/domain/instance';
import { checkedPin } from '../connections/certificatePins';
import type { RemoteConnections } from '../connections/remoteConnections';
import type { InstanceList } from './instanceList';

type RemoteChannels =
  | 'instances.addRemote'
  | 'instances.editRemote'
  | 'instances.testConnection'
  | 'instances.changePassword'
  | 'instances.trustCertificate'
  | 'instances.forgetCertificate'
  | 'instances.connect'
  | 'instances.disconnect';

export interface RemoteInstancesDeps {
  instances: InstanceList;
  connections: RemoteConnections;
}

/** The instance trusting this certificate, or none beyond the computer's trust. */
function withPin(instance: StoredRemoteInstance, pin: PinnedCertificate | undefined): StoredRemoteInstance {
  const after = { ...instance };
  delete after.trustedCertificate;
  return pin === undefined ? after : { ...after, trustedCertificate: pin };
}

/** Adding, editing, testing, connecting and disconnecting instances reached over the network. */
export function createRemoteInstancesService(
  deps: RemoteInstancesDeps,
): Pick<Handlers<typeof instancesChannels>, RemoteChannels> {
  const { instances, connections } = deps;

  /** The same account on the same server twice is a mistake, not a second instance. */
  const refuseDuplicate = (url: string, username: string, exceptId?: string) => {
    const twin = instances
      .all()
      .find(
        (other) =>
          other.kind === 'remote' &&
          other.id !== exceptId &&
          other.url.toLowerCase() === url.toLowerCase() &&
          other.username.toLowerCase() === username.toLowerCase(),
      );
    if (twin)
      throw new RosterError(
        'CONFLICT',
        `"${twin.name}" already signs in to this server as ${username}.`,
        'url',
      );
  };

  /**
   * The saved password goes only to the server and account it was saved for:
   * with another address or username, the admin types it again.
   */
  const refuseMovedPassword = (instance: StoredRemoteInstance, url: string, username: string) => {
    if (url !== instance.url || username !== instance.username)
      throw new RosterError(
        'INVALID_INPUT',
        'Enter the password again: a saved password is only sent to the server and username it was saved for.',
        'password',
      );
  };

  /** The password typed, or else the one saved for this instance (only for its own server and account). */
  const passwordFor = async (
    id: string | undefined,
    url: string,
    username: string,
    password: string | undefined,
  ): Promise<string> => {
    if (password === undefined && id !== undefined)
      refuseMovedPassword(instances.findRemote(id), url, username);
    const saved = password ?? (id === undefined ? undefined : await connections.savedPassword(id));
    if (saved === undefined)
      throw new RosterError(
        'INVALID_INPUT',
        id === undefined ? 'Enter the password.' : 'No password is saved for this instance: enter it.',
        'password',
      );
    return saved;
  };

  /**
   * The certificate to trust at `url`: the one the admin just trusted in the dialog (checked), or
   * else the instance's own while its address is unchanged. A pin never follows a new address.
   */
  const pinFor = (
    id: string | undefined,
    url: string,
    given: PinnedCertificate | undefined,
  ): PinnedCertificate | undefined => {
    if (given !== undefined) return checkedPin(given);
    if (id === undefined) return undefined;
    const instance = instances.findRemote(id);
    return instance.url === url ? instance.trustedCertificate : undefined;
  };

  /** The instance with this pin (or none), its connection begun again. */
  const repin = async (instance: StoredRemoteInstance, pin: PinnedCertificate | undefined) => {
    const after = withPin(instance, pin);
    await connections.reconfigure(instance.id, () => {
      instances.save(instances.all().map((other) => (other.id === instance.id ? after : other)));
      return Promise.resolve();
    });
    return after;
  };

  /** Connects in the background: the navigator shows "connecting", then the outcome. */
  const connectSoon = (id: string) => {
    void connections.connect(id);
  };

  return {
    'instances.addRemote': async ({ name, url, username, timeoutSeconds, password, trustedCertificate }) => {
      instances.refuseNameClash(name);
      refuseDuplicate(url, username);
      const pin = pinFor(undefined, url, trustedCertificate);
      const added: StoredRemoteInstance = {
        id: instances.newId(),
        name,
        kind: 'remote',
        url,
        username,
        timeoutSeconds,
        ...(pin === undefined ? {} : { trustedCertificate: pin }),
      };
      await connections.savePassword(added.id, password);
      instances.save([...instances.all(), added]);
      connectSoon(added.id);
      return instances.view(added);
    },

    'instances.editRemote': async ({
      id,
      name,
      url,
      username,
      timeoutSeconds,
      password,
      trustedCertificate,
    }) => {
      const before = instances.findRemote(id);
      instances.refuseNameClash(name, id);
      refuseDuplicate(url, username, id);
      if (password === undefined) refuseMovedPassword(before, url, username);
      const pin = pinFor(id, url, trustedCertificate);
      const after = withPin({ ...before, name, url, username, timeoutSeconds }, pin);
      const reconnect =
        password !== undefined ||
        url !== before.url ||
        username !== before.username ||
        timeoutSeconds !== before.timeoutSeconds ||
        pin?.fingerprint !== before.trustedCertificate?.fingerprint;
      const save = () =>
        instances.save(instances.all().map((instance) => (instance.id === id ? after : instance)));
      if (!reconnect) save();
      else {
        await connections.reconfigure(id, async () => {
          if (password !== undefined) await connections.savePassword(id, password);
          save();
        });
        connectSoon(id);
      }
      return instances.view(after);
    },

    'instances.testConnection': async ({
      id,
      url,
      username,
      timeoutSeconds,
      password,
      trustedCertificate,
    }) => {
      const pin = pinFor(id, url, trustedCertificate);
      return connections.test({
        url,
        username,
        password: await passwordFor(id, url, username, password),
        timeoutSeconds,
        ...(pin === undefined ? {} : { trustedCertificate: pin }),
      });
    },

    'instances.changePassword': async ({
      id,
      url,
      username,
      timeoutSeconds,
      password,
      newPassword,
      trustedCertificate,
    }) => {
      const pin = pinFor(id, url, trustedCertificate);
      const settings = {
        url,
        username,
        timeoutSeconds,
        ...(pin === undefined ? {} : { trustedCertificate: pin }),
      };
      const current = await passwordFor(id, url, username, password);
      const outcome = await connections.changePassword({ ...settings, password: current }, newPassword);
      if (outcome.ok && id !== undefined) {
        await connections.reconfigure(id, () => connections.savePassword(id, newPassword));
        connectSoon(id);
      }
      return outcome;
    },

    'instances.trustCertificate': async ({ id, certificate }) => {
      const pin = checkedPin(certificate);
      await repin(instances.findRemote(id), pin);
      await connections.connect(id);
      return instances.view(instances.find(id));
    },

    'instances.forgetCertificate': async ({ id }) => {
      const instance = instances.findRemote(id);
      if (instance.trustedCertificate === undefined) return instances.view(instance);
      const after = await repin(instance, undefined);
      connectSoon(id);
      return instances.view(after);
    },

    'instances.connect': async ({ id }) => {
      instances.findRemote(id);
      await connections.connect(id);
      return instances.view(instances.find(id));
    },

    'instances.disconnect': async ({ id }) => {
      instances.findRemote(id);
      await connections.disconnect(id);
      return instances.view(instances.find(id));
    },
  };
}
