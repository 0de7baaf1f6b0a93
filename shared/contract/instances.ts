import { z } from 'zod';
import {
  InstanceIdSchema,
  InstanceNameSchema,
  InstanceViewSchema,
  ServerUrlSchema,
  SignInNameSchema,
  SignInPasswordSchema,
  TimeoutSecondsSchema,
} from '../domain/instance';
import { PinnedCertificateSchema } from '../domain/certificate';
import { channel } from './channel';
import { RosterErrorSchema } from './errors';
import { MAX_PATH, NoInput } from './limits';

/** Where and as whom a remote instance is reached; the password goes to the OS keychain only. */
const RemoteConnectionInput = {
  url: ServerUrlSchema,
  username: SignInNameSchema,
  timeoutSeconds: TimeoutSecondsSchema,
  /**
   * A certificate the admin trusted in the dialog, for this address only. When absent, an existing
   * instance's own trusted certificate is used as long as the address is unchanged.
   */
  trustedCertificate: PinnedCertificateSchema.optional(),
};

export const ConnectedToSchema = z.strictObject({
  server: z.strictObject({ name: z.string(), version: z.string() }),
  /** The account signed in, as the server spells it. */
  username: z.string(),
});
export type ConnectedTo = z.infer<typeof ConnectedToSchema>;

export const ConnectionTestSchema = z.discriminatedUnion('ok', [
  ConnectedToSchema.extend({ ok: z.literal(true) }),
  z.strictObject({ ok: z.literal(false), error: RosterErrorSchema }),
]);
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

const ById = z.strictObject({ id: InstanceIdSchema });

export const instancesChannels = {
  'instances.list': channel(NoInput, z.array(InstanceViewSchema)),
  /** Creates a new local instance file, or adds an existing one to the navigator. */
  'instances.addLocal': channel(
    z.strictObject({
      name: InstanceNameSchema,
      mode: z.enum(['create', 'open']),
      /** Absent when creating: a file is then made in the data folder. */
      file: z.string().trim().min(1, 'Enter the path of an instance file.').max(MAX_PATH).optional(),
    }),
    InstanceViewSchema,
  ),
  /** Adds an instance server to the navigator and starts connecting to it. */
  'instances.addRemote': channel(
    z.strictObject({ name: InstanceNameSchema, ...RemoteConnectionInput, password: SignInPasswordSchema }),
    InstanceViewSchema,
  ),
  /**
   * Changes a remote instance's name and connection; an absent password keeps
   * the saved one. The instance then connects again with the new settings.
   */
  'instances.editRemote': channel(
    z.strictObject({
      id: InstanceIdSchema,
      name: InstanceNameSchema,
      ...RemoteConnectionInput,
      password: SignInPasswordSchema.optional(),
    }),
    InstanceViewSchema,
  ),
  /**
   * Signs in to a server with these settings, as "Test connection" does, and
   * says what happened; nothing is saved. With `id` and no password, the
   * instance's saved password is used.
   */
  'instances.testConnection': channel(
    z.strictObject({
      id: InstanceIdSchema.optional(),
      ...RemoteConnectionInput,
      password: SignInPasswordSchema.optional(),
    }),
    ConnectionTestSchema,
  ),
  /**
   * After an administrator reset the account's password: signs in with the temporary password
   * (`password`, or the instance's saved one) and sets `newPassword`, then answers as Test
   * connection does. With `id`, the new password is saved and the instance connects with it.
   */
  'instances.changePassword': channel(
    z.strictObject({
      id: InstanceIdSchema.optional(),
      ...RemoteConnectionInput,
      password: SignInPasswordSchema.optional(),
      newPassword: SignInPasswordSchema,
    }),
    ConnectionTestSchema,
  ),
  /**
   * Trusts this certificate for this instance alone (kept in its settings, never for the whole
   * computer), then connects again; the answer shows the state it ended in. The PEM must be one
   * certificate whose SHA-256 fingerprint is `fingerprint`.
   */
  'instances.trustCertificate': channel(
    z.strictObject({ id: InstanceIdSchema, certificate: PinnedCertificateSchema }),
    InstanceViewSchema,
  ),
  /** Forgets the certificate trusted for this instance; it connects again with the computer's trust only. */
  'instances.forgetCertificate': channel(ById, InstanceViewSchema),
  /** Connects (or retries) a remote instance; the answer shows the state it ended in. */
  'instances.connect': channel(ById, InstanceViewSchema),
  /** Signs out of a remote instance's server and leaves it offline until connected again. */
  'instances.disconnect': channel(ById, InstanceViewSchema),
  'instances.rename': channel(
    z.strictObject({ id: InstanceIdSchema, name: InstanceNameSchema }),
    InstanceViewSchema,
  ),
  /**
   * Takes the instance out of the navigator; a local instance's file is kept on
   * disk, a remote instance's password and tokens are removed from the keychain.
   */
  'instances.remove': channel(ById, z.null()),
} as const;
