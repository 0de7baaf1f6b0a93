import { z } from 'zod';
import { remoteFailureKinds } from '../contract/errors';
import { CertificateDetailsSchema, FingerprintSchema, PinnedCertificateSchema } from './certificate';
import { MAX_PATH, MAX_TEXT } from '../contract/limits';

export const InstanceIdSchema = z.uuid();
export type InstanceId = z.infer<typeof InstanceIdSchema>;

export const INSTANCE_NAME_MAX = 64;

export const InstanceNameSchema = z
  .string()
  .max(MAX_PATH)
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, 'Enter a name for the instance.')
      .max(INSTANCE_NAME_MAX, `Use at most ${INSTANCE_NAME_MAX} characters.`),
  );

export const instanceKinds = ['local', 'remote'] as const;
export type InstanceKind = (typeof instanceKinds)[number];

/** A local instance as kept in settings: its data lives in one file under the data folder. */
export const StoredLocalInstanceSchema = z.strictObject({
  id: InstanceIdSchema,
  name: z.string().min(1).max(INSTANCE_NAME_MAX),
  kind: z.literal('local'),
  file: z.string().min(1).max(MAX_PATH),
});
export type StoredLocalInstance = z.infer<typeof StoredLocalInstanceSchema>;

/** The address of an instance server: http or https, a host, perhaps a port and a path prefix. */
export const ServerUrlSchema = z
  .string()
  .max(MAX_TEXT)
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, 'Enter the server address, e.g. https://integrate.example.com:8443.')
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
        } catch {
          return false;
        }
      }, 'Enter an address that starts with http:// or https://, e.g. https://integrate.example.com:8443.')
      .refine((value) => {
        try {
          const url = new URL(value);
          return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
        } catch {
          return true;
        }
      }, 'Leave sign-in details, "?" and "#" out of the address: enter the username and password below.')
      .transform((value) => value.replace(/\/+$/, '')),
  );

export const SIGN_IN_NAME_MAX = 64;

/** The account Roster signs in with; the server decides what is valid, this only bounds it. */
export const SignInNameSchema = z
  .string()
  .max(MAX_TEXT)
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, 'Enter the username of an Administrator, User manager or Auditor of the server.')
      .max(SIGN_IN_NAME_MAX, `Use at most ${SIGN_IN_NAME_MAX} characters.`),
  );

/** The password as typed: never trimmed (spaces may be part of it), bounded only against huge payloads. */
export const SignInPasswordSchema = z.string().min(1, 'Enter the password.').max(MAX_TEXT);

export const TIMEOUT_SECONDS_MIN = 1;
export const TIMEOUT_SECONDS_MAX = 300;
export const DEFAULT_TIMEOUT_SECONDS = 10;

export const TimeoutSecondsSchema = z
  .number()
  .int('Enter whole seconds.')
  .min(TIMEOUT_SECONDS_MIN, `Enter ${TIMEOUT_SECONDS_MIN} to ${TIMEOUT_SECONDS_MAX} seconds.`)
  .max(TIMEOUT_SECONDS_MAX, `Enter ${TIMEOUT_SECONDS_MIN} to ${TIMEOUT_SECONDS_MAX} seconds.`);

/**
 * A remote instance as kept in settings: where it is and who signs in. The
 * password and the session's tokens live only in the OS keychain.
 */
export const StoredRemoteInstanceSchema = z.strictObject({
  id: InstanceIdSchema,
  name: z.string().min(1).max(INSTANCE_NAME_MAX),
  kind: z.literal('remote'),
  url: z.string().min(1).max(MAX_TEXT),
  username: z.string().min(1).max(SIGN_IN_NAME_MAX),
  timeoutSeconds: TimeoutSecondsSchema,
  /** The certificate the admin trusted for this instance, when its own is not trusted by the computer. */
  trustedCertificate: PinnedCertificateSchema.optional(),
});
export type StoredRemoteInstance = z.infer<typeof StoredRemoteInstanceSchema>;

export const StoredInstanceSchema = z.discriminatedUnion('kind', [
  StoredLocalInstanceSchema,
  StoredRemoteInstanceSchema,
]);
export type StoredInstance = z.infer<typeof StoredInstanceSchema>;

export const connectionStates = ['connected', 'connecting', 'offline', 'error'] as const;
export type ConnectionState = (typeof connectionStates)[number];

/** What the navigator shows of an instance. */
export const InstanceViewSchema = z.strictObject({
  id: InstanceIdSchema,
  name: z.string(),
  kind: z.enum(instanceKinds),
  location: z.string(),
  state: z.enum(connectionStates),
  stateDetail: z.string().optional(),
  /** In error, the kind of a remote failure: the navigator offers Retry only where it can help. */
  stateKind: z.enum(remoteFailureKinds).optional(),
  /** With stateKind untrusted-certificate: the certificate the server presented, to trust or not. */
  stateCertificate: CertificateDetailsSchema.optional(),
  /** A remote instance's connection settings, for its Edit connection dialog. */
  connection: z
    .strictObject({
      url: z.string(),
      username: z.string(),
      timeoutSeconds: z.number().int(),
      /** The fingerprint of the certificate trusted for this instance alone, if any. */
      trustedFingerprint: FingerprintSchema.optional(),
    })
    .optional(),
});
export type InstanceView = z.infer<typeof InstanceViewSchema>;

export const DEFAULT_LOCAL_INSTANCE_NAME = 'Local';
