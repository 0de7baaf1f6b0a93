import { z } from 'zod';
import { isPassingFailure, RosterError, type RemoteFailureKind } from '../../../shared/contract/errors';
import type { ConnectionTest } from '../../../shared/contract/instances';
import type { CertificateDetails, PinnedCertificate } from '../../../shared/domain/certificate';
import type { ConnectionState, StoredRemoteInstance } from '../../../shared/domain/instance';
import { seeTheLog, type Logger } from '../../common/logger';
import { connectionAccounts, keychainCall, parseKept, type Keychain } from '../../secrets/keychain';
import type { Directory } from '../directory/directory';
import {
  createRemoteDirectory,
  type RemoteDirectory,
  type RemoteDirectoryOptions,
} from '../directory/remote/remoteDirectory';
import { RemoteError } from '../directory/remote/remoteErrors';
import type { SessionTokens } from '../directory/remote/remoteSession';
import { forgetAllTokens, keepTokensInKeychain } from './keptTokens';
import { observeDirectory } from './observeDirectory';
import { createNodeTransport, type Transport } from './transport';

export interface ConnectionStatus {
  state: ConnectionState;
  /** What the navigator shows on hover: where, as whom, or why not. */
  detail: string;
  /** In error, the kind of a remote failure (unreachable, credentials…), so that the UI offers what helps. */
  kind?: RemoteFailureKind;
  /** With kind untrusted-certificate: the certificate the server presented, for the admin to trust or not. */
  certificate?: CertificateDetails;
}

/** Where and as whom to sign in, as the Add and Edit dialogs have it. */
export interface ConnectionSettings {
  url: string;
  username: string;
  password: string;
  timeoutSeconds: number;
  /** The one certificate trusted for this address beside what the computer trusts. */
  trustedCertificate?: PinnedCertificate;
}

export interface RemoteConnectionsDeps {
  keychain: Keychain;
  logger: Logger;
  /** Named in the message of an unexpected failure. */
  logFile?: string;
  /** The instance's settings as saved now (read afresh for every attempt). */
  findInstance: (id: string) => StoredRemoteInstance | undefined;
  /** Makes one instance's directory; tests may wrap it. */
  createDirectory?: (options: RemoteDirectoryOptions) => RemoteDirectory;
  /** How requests go out (Node's fetch unless given: Electron gives net.fetch). */
  transport?: Transport;
}

export interface RemoteConnections {
  status: (id: string) => ConnectionStatus;
  /** Connects, or tries again; resolves with the state it ended in (never rejects). */
  connect: (id: string) => Promise<ConnectionStatus>;
  /** Signs out on the server and stays offline until connected again. */
  disconnect: (id: string) => Promise<void>;
  /** The directory of a connected instance; connects first when needed, else throws why it cannot. */
  directory: (id: string) => Promise<Directory>;
  /** "Test connection": a fresh sign-in with these settings; nothing is kept. */
  test: (settings: ConnectionSettings) => Promise<ConnectionTest>;
  /**
   * Signs in with these settings and sets the account's own new password (what the server asks
   * after a reset); then checks the connection as "Test connection" does. Nothing is kept.
   */
  changePassword: (settings: ConnectionSettings, newPassword: string) => Promise<ConnectionTest>;
  savePassword: (id: string, password: string) => Promise<void>;
  savedPassword: (id: string) => Promise<string | undefined>;
  /**
   * Changes the settings or the password (`change`) with no connection in between: signs out,
   * forgets the session, and holds back any connect until `change` is done, so that no password
   * ever goes to an address it was not saved for.
   */
  reconfigure: (id: string, change: () => Promise<void>) => Promise<void>;
  /** The instance left the navigator: signs out and removes its password, session and kept token pairs from the keychain. */
  remove: (id: string) => Promise<void>;
  /** Called whenever a status changes. */
  onChange: (listener: () => void) => void;
  closeAll: () => void;
}

/** Failures that say the connection itself is broken, rather than one request. */
const CONNECTION_FAILURES = new Set<RemoteFailureKind>([
  'unreachable',
  'timeout',
  'tls',
  'untrusted-certificate',
  'credentials',
  'locked',
  'rate-limited',
  'password-change',
  'not-admin',
  'wrong-api',
  'unavailable',
]);

const settingsKey = (instance: StoredRemoteInstance) =>
  JSON.stringify([
    instance.url,
    instance.username,
    instance.timeoutSeconds,
    instance.trustedCertificate?.fingerprint,
  ]);

const NOT_CONNECTED: ConnectionStatus = {
  state: 'offline',
  detail: 'Not connected. Choose Connect, or open Users and Groups to connect.',
};

const REMOVED: ConnectionStatus = {
  state: 'offline',
  detail: 'That instance is no longer in the navigator.',
};

const SessionTokensSchema = z.strictObject({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
});

interface Connection {
  /** The instance's id. */
  id: string;
  status: ConnectionStatus;
  /** Why the last attempt or call failed, thrown again to whoever needs the directory. */
  failure?: RosterError;
  /** Kept across failures, so that a retry resumes the same session; made for `madeFor` only. */
  directory?: RemoteDirectory;
  /** The address, account and timeout the directory was made for. */
  madeFor?: string;
  observed?: Directory;
  connecting?: Promise<ConnectionStatus>;
  /** While settings change, or a disconnect signs out: attempts wait for it. */
  reconfiguring?: Promise<void>;
  /** Bumped by disconnect, reset and remove: an attempt begun before is discarded. */
  generation: number;
}

/**
 * The connections to remote instances: their state for the navigator, one
 * remote directory each, and their secrets in the OS keychain (the password
 * Roster signs in with and the session's token pair), never anywhere else.
 */
export function createRemoteConnections(deps: RemoteConnectionsDeps): RemoteConnections {
  const { keychain, logger } = deps;
  const makeDirectory = deps.createDirectory ?? createRemoteDirectory;
  const transport = deps.transport ?? createNodeTransport();
  const byId = new Map<string, Connection>();
  /** Instances removed (or being removed); ids are never reused. */
  const removed = new Set<string>();
  const listeners: (() => void)[] = [];
  /** Per instance, keychain writes and deletes run one after another: a late write never lands after a delete. */
  const keychainQueues = new Map<string, Promise<unknown>>();

  const inTurn = <T>(id: string, operation: () => Promise<T>): Promise<T> => {
    const previous = keychainQueues.get(id) ?? Promise.resolve();
    const next = previous.then(operation, operation);
    keychainQueues.set(
      id,
      next.catch(() => undefined),
    );
    return next;
  };

  const entry = (id: string): Connection => {
    let connection = byId.get(id);
    if (!connection) {
      connection = { id, status: NOT_CONNECTED, generation: 0 };
      byId.set(id, connection);
    }
    return connection;
  };

  /** Transitions only: every request reports how the connection is, mostly as it was. */
  const logTransition = (id: string, from: ConnectionStatus, to: ConnectionStatus) => {
    if (from.state === to.state && from.kind === to.kind) return;
    const fields = {
      instanceId: id,
      instance: deps.findInstance(id)?.name ?? '(removed)',
      from: from.state,
      to: to.state,
      ...(to.kind === undefined ? {} : { kind: to.kind }),
    };
    if (to.state === 'error') logger.warn(`connection state changed: ${to.detail}`, fields);
    else logger.info('connection state changed', fields);
  };

  const setStatus = (connection: Connection, status: ConnectionStatus, failure?: RosterError) => {
    logTransition(connection.id, connection.status, status);
    connection.status = status;
    connection.failure = failure;
    for (const listener of listeners) listener();
  };

  const fail = (connection: Connection, error: RosterError) =>
    setStatus(
      connection,
      {
        state: 'error',
        detail: error.message,
        ...(error instanceof RemoteError ? { kind: error.kind } : {}),
        ...(error instanceof RemoteError && error.certificate ? { certificate: error.certificate } : {}),
      },
      error,
    );

  const readSecret = (account: string) => keychainCall(() => keychain.get(account));

  const savedTokens = async (id: string): Promise<SessionTokens | undefined> =>
    parseKept(await readSecret(connectionAccounts(id).session), SessionTokensSchema);

  const openDirectory = async (
    instance: StoredRemoteInstance,
    connection: Connection,
    generation: number,
  ): Promise<RemoteDirectory> => {
    const password = await readSecret(connectionAccounts(instance.id).password);
    if (password === undefined)
      throw new RosterError(
        'NOT_FOUND',
        'No password is saved for this instance in the OS keychain. Choose Edit connection… and enter it.',
      );
    const account = connectionAccounts(instance.id).session;
    return makeDirectory({
      baseUrl: instance.url,
      credentials: { username: instance.username, password },
      timeoutMs: instance.timeoutSeconds * 1000,
      logger,
      fetch: transport(instance.trustedCertificate),
      tokens: await savedTokens(instance.id),
      onTokens: (tokens) => {
        // A pair that arrives after Disconnect or Remove belongs to no one: never keep it.
        if (generation !== connection.generation) return;
        inTurn(instance.id, () => keychain.set(account, JSON.stringify(tokens))).catch((error: unknown) => {
          logger.warn(`could not keep the session of ${instance.name} in the keychain: ${String(error)}`);
        });
      },
    });
  };

  const attempt = async (id: string, connection: Connection) => {
    if (connection.reconfiguring) await connection.reconfiguring;
    const instance = deps.findInstance(id);
    if (!instance) return REMOVED;
    const generation = connection.generation;
    setStatus(connection, { state: 'connecting', detail: `Connecting to ${instance.url}…` });
    try {
      const key = settingsKey(instance);
      const reusable = connection.madeFor === key ? connection.directory : undefined;
      const directory = reusable ?? (await openDirectory(instance, connection, generation));
      if (generation !== connection.generation) return connection.status;
      connection.directory = directory;
      connection.madeFor = key;
      const to = await directory.verify({ freshSignIn: false });
      if (generation !== connection.generation) {
        // Disconnected or removed while signing in: end the session that sign-in just began.
        await directory.signOut();
        return connection.status;
      }
      const connected: ConnectionStatus = {
        state: 'connected',
        detail: `Signed in to ${instance.url} as ${to.username} (${to.server.name} ${to.server.version}).`,
      };
      // Every request tells the node how the connection is: a dead server turns it red, the next answer
      // green. Only requests: the token pairs kept in the keychain wrap outside, so that asking the
      // keychain (which works with the server down) never counts as the server answering.
      const observed = observeDirectory(directory, (error) => {
        // A call that ends after Disconnect or Remove says nothing about the connection now.
        if (generation !== connection.generation) return;
        if (error === undefined) {
          if (connection.status.state === 'error') setStatus(connection, connected);
        } else if (error instanceof RemoteError && CONNECTION_FAILURES.has(error.kind)) {
          fail(connection, error);
        }
      });
      connection.observed = {
        ...keepTokensInKeychain(observed, {
          keychain,
          logger,
          instanceId: instance.id,
          inTurn: (operation) => inTurn(instance.id, operation),
        }),
        // Outside too: whether the server mails is read from its public health, whose answer says
        // nothing of the session, so it must not turn a node in error (a reset password) green.
        mailsInvitations: () => directory.mailsInvitations(),
      };
      setStatus(connection, connected);
    } catch (error) {
      if (generation !== connection.generation) return connection.status;
      if (!(error instanceof RosterError)) {
        logger.error(`connecting to ${instance.name} failed`, error);
        fail(
          connection,
          new RosterError('INTERNAL', `Connecting failed unexpectedly; ${seeTheLog(deps.logFile)}.`),
        );
      } else fail(connection, error);
    }
    return connection.status;
  };

  /** Signs out (best effort) and forgets the session; the caller decides the new status. */
  const drop = async (id: string) => {
    const connection = byId.get(id);
    if (!connection) return;
    connection.generation += 1;
    connection.connecting = undefined;
    const directory = connection.directory;
    connection.directory = undefined;
    connection.madeFor = undefined;
    connection.observed = undefined;
    if (directory) await directory.signOut();
  };

  const deleteSecret = (id: string, account: string) =>
    keychainCall(() => inTurn(id, () => keychain.delete(account)));

  const service: RemoteConnections = {
    status: (id) => byId.get(id)?.status ?? NOT_CONNECTED,

    connect(id) {
      if (removed.has(id)) return Promise.resolve(REMOVED);
      const connection = entry(id);
      if (!connection.connecting) {
        const attempted: Promise<ConnectionStatus> = attempt(id, connection).finally(() => {
          // Disconnect may have let a newer attempt begin meanwhile: leave that one be.
          if (connection.connecting === attempted) connection.connecting = undefined;
        });
        connection.connecting = attempted;
      }
      return connection.connecting;
    },

    async disconnect(id) {
      const connection = entry(id);
      const done = (async () => {
        await drop(id);
        await deleteSecret(id, connectionAccounts(id).session);
      })();
      const held = done.catch(() => undefined);
      connection.reconfiguring = held;
      // Offline at once (drop has discarded what the session was doing): signing out of a server
      // that does not answer, or a slow keychain, must not leave the node showing the old state.
      // A connect meanwhile waits for the session to be gone.
      setStatus(connection, { state: 'offline', detail: 'Disconnected. Choose Connect to sign in again.' });
      try {
        await done;
      } finally {
        if (connection.reconfiguring === held) connection.reconfiguring = undefined;
      }
    },

    async directory(id) {
      if (removed.has(id)) throw new RosterError('NOT_FOUND', REMOVED.detail, 'instanceId');
      const connection = entry(id);
      const { failure } = connection;
      const waits =
        connection.status.state === 'error' &&
        failure !== undefined &&
        !(failure instanceof RemoteError && isPassingFailure(failure));
      if (waits) throw failure;
      if (connection.status.state !== 'connected' || !connection.observed) await service.connect(id);
      if (connection.observed && connection.status.state === 'connected') return connection.observed;
      throw connection.failure ?? new RosterError('UNAVAILABLE', connection.status.detail);
    },

    async test(settings) {
      const directory = makeDirectory({
        baseUrl: settings.url,
        credentials: { username: settings.username, password: settings.password },
        timeoutMs: settings.timeoutSeconds * 1000,
        logger,
        fetch: transport(settings.trustedCertificate),
      });
      try {
        return await directory.testConnection();
      } finally {
        await directory.signOut();
      }
    },

    async changePassword(settings, newPassword) {
      const directory = makeDirectory({
        baseUrl: settings.url,
        credentials: { username: settings.username, password: settings.password },
        timeoutMs: settings.timeoutSeconds * 1000,
        logger,
        fetch: transport(settings.trustedCertificate),
      });
      try {
        await directory.changeOwnPassword(newPassword);
        return { ok: true, ...(await directory.verify({ freshSignIn: false })) };
      } catch (error) {
        if (error instanceof RemoteError) return { ok: false, error: error.toData() };
        throw error;
      } finally {
        await directory.signOut();
      }
    },

    async savePassword(id, password) {
      await keychainCall(() => inTurn(id, () => keychain.set(connectionAccounts(id).password, password)));
    },

    savedPassword: (id) => readSecret(connectionAccounts(id).password),

    async reconfigure(id, change) {
      const connection = entry(id);
      const done = (async () => {
        await drop(id);
        await deleteSecret(id, connectionAccounts(id).session);
        await change();
      })();
      const held = done.catch(() => undefined);
      connection.reconfiguring = held;
      try {
        await done;
      } finally {
        if (connection.reconfiguring === held) connection.reconfiguring = undefined;
        setStatus(connection, NOT_CONNECTED);
      }
    },

    async remove(id) {
      // From now on nothing connects it again, so nothing can put a secret back after the deletes.
      removed.add(id);
      try {
        await drop(id);
        const accounts = connectionAccounts(id);
        await deleteSecret(id, accounts.session);
        await deleteSecret(id, accounts.password);
        await keychainCall(() => inTurn(id, () => forgetAllTokens(keychain, id)));
        byId.delete(id);
      } catch (error) {
        removed.delete(id);
        throw error;
      }
    },

    onChange: (listener) => {
      listeners.push(listener);
    },

    closeAll() {
      // No sign-out: the session stays in the keychain, so the next start resumes it without a new sign-in.
      for (const connection of byId.values()) connection.generation += 1;
      byId.clear();
    },
  };
  return service;
}
