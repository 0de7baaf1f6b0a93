import { stringify } from 'csv-stringify/browser/esm/sync';
import type { BulkSecret, SecretEmail } from '../../../../../shared/domain/bulk';

/** Passwords or links: a job makes one kind, and the columns are named after it. */
export const secretKind = (secrets: readonly BulkSecret[]): 'password' | 'link' =>
  secrets.some((secret) => secret.link !== undefined) ? 'link' : 'password';

/** How a job's links were mailed, when it was asked to mail them. */
export interface MailOutcome {
  /** Links that were to be mailed. */
  asked: number;
  sent: number;
  /** Mails that could not go, each with why. */
  failed: { username: string; error: string }[];
  /** Mails the job's process never got to (it stopped after their chunk committed). */
  unsent: number;
}

/** How the secrets' mails went; undefined when none was to be mailed. */
export function mailOutcome(secrets: readonly BulkSecret[]): MailOutcome | undefined {
  const mailed = secrets.flatMap((secret) => (secret.email ? [{ ...secret, email: secret.email }] : []));
  if (mailed.length === 0) return undefined;
  return {
    asked: mailed.length,
    sent: mailed.filter((secret) => secret.email.state === 'sent').length,
    failed: mailed.flatMap(({ username, email }) =>
      email.state === 'failed' ? [{ username, error: email.error }] : [],
    ),
    unsent: mailed.filter((secret) => secret.email.state === 'pending').length,
  };
}

/** A link's mail in a word or two, as its row in the list says it. */
export function emailText(email: SecretEmail | undefined): string {
  switch (email?.state) {
    case undefined:
      return 'Not asked';
    case 'sent':
      return 'Emailed';
    case 'failed':
      return 'Not emailed';
    case 'pending':
      return 'Not emailed (the work stopped first)';
  }
}

const secretOf = (secret: BulkSecret) => secret.temporaryPassword ?? secret.link ?? '';

/**
 * The secrets as CSV, three columns: username, the temporary password or the link, and when the
 * link expires (empty for a password); a fourth, how each link's mail went, when they were mailed.
 * Every field is quoted, so that a comma, quote or line break in it cannot shift the columns;
 * nothing is escaped or prefixed otherwise, since a password must reach the admin exactly as it is
 * (a spreadsheet may read one that starts with "=" as a formula: the file is for handing passwords
 * on, not for opening in one).
 */
export function secretsCsv(secrets: readonly BulkSecret[]): string {
  const mailed = mailOutcome(secrets) !== undefined;
  const header = [
    'Username',
    secretKind(secrets) === 'link' ? 'Invitation link' : 'Temporary password',
    'Expires at',
    ...(mailed ? ['Email'] : []),
  ];
  const rows = secrets.map((secret) => [
    secret.username,
    secretOf(secret),
    secret.expiresAt ?? '',
    ...(mailed ? [emailCell(secret.email)] : []),
  ]);
  return stringify([header, ...rows], { quoted: true, quoted_empty: true, record_delimiter: 'windows' });
}

/** A link's mail as the CSV says it: why, when it failed. */
const emailCell = (email: SecretEmail | undefined): string =>
  email?.state === 'failed' ? `Not emailed: ${email.error}` : emailText(email);

/** The secrets as plain text for the clipboard: one user a line, tab-separated (pastes into a sheet as columns). */
export const secretsText = (secrets: readonly BulkSecret[]): string =>
  secrets
    .map((secret) =>
      [secret.username, secretOf(secret), ...(secret.expiresAt ? [secret.expiresAt] : [])].join('\t'),
    )
    .join('\n');

/** Hands the CSV to the browser or Electron as a download: it asks where to save it. */
export function saveCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // After the click has handed the file over; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
