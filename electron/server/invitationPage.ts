import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RosterError } from '../../shared/contract/errors';
import { describePolicy, type PasswordPolicy } from '../../shared/domain/passwordPolicy';
import { readLimitedBody } from '../common/readLimitedBody';
import { INVITATION_PATH } from '../services/directory/local/accountLifecycle';
import type { InvitationAcceptance } from '../services/directory/local/localDirectory';

/** What the page needs of the instance: the invitation a token opens, accepting it, and the policy. */
export interface InvitationPageDeps {
  directory: InvitationAcceptance & { getPasswordPolicy: () => Promise<PasswordPolicy> };
  name: string;
}

export interface Page {
  status: number;
  body: string;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1f23}
main{max-width:26rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:1rem 0 .25rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #8a8f98;border-radius:4px}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit;font-weight:600;color:#fff;background:#1f5fbf;border:0;border-radius:4px}
.error{color:#a3160b;font-weight:600}.hint{color:#4a4f57;font-size:.9rem}`;

/**
 * A page with no script: only its own style (by hash) and a form posting to itself. The token is
 * in the path, so the page sends no Referer, and no other site may frame it.
 */
export const INVITATION_CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

const FORM_LIMIT = 8 * 1024;
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? '',
  );

const page = (title: string, content: string): string => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escape(title)}</title>
    <style>${STYLE}</style>
  </head>
  <body>
    <main>
      ${content}
    </main>
  </body>
</html>
`;

const notValid = (): Page => ({
  status: 404,
  body: page(
    'Invitation not valid',
    `<h1>This invitation link is not valid</h1>
      <p>It has expired, was replaced by a newer invitation, or was already used. Ask the administrator who invited you for a new one.</p>`,
  ),
});

/** The token a path like /invite/{token} holds, or undefined for any other path. */
export const invitationToken = (pathname: string): string | undefined =>
  pathname.startsWith(INVITATION_PATH) ? pathname.slice(INVITATION_PATH.length) : undefined;

/**
 * The page an invited user opens from their link: it greets them by name and takes their new
 * password; posting it accepts the invitation, which activates the account and ends the link.
 */
export function createInvitationPage(deps: InvitationPageDeps) {
  const form = async (token: string, error?: string): Promise<Page> => {
    const invited = await deps.directory.invitationFor(token);
    if (!invited) return notValid();
    const policy = describePolicy(await deps.directory.getPasswordPolicy());
    const alert = error === undefined ? '' : `<p class="error" role="alert">${escape(error)}</p>`;
    return {
      status: error === undefined ? 200 : 400,
      body: page(
        `Set your password · ${deps.name}`,
        `<h1>Welcome, ${escape(invited.displayName)}</h1>
      <p>You were invited to ${escape(deps.name)} as <strong>${escape(invited.username)}</strong>. Choose a password to activate your account.</p>
      ${alert}
      <form method="post">
        <label for="password">New password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="policy" />
        <p id="policy" class="hint">${escape(policy)}.</p>
        <label for="confirm">Repeat the password</label>
        <input id="confirm" name="confirm" type="password" autocomplete="new-password" required />
        <button type="submit">Activate account</button>
      </form>
      <p class="hint">This link works once, until ${escape(invited.expiresAt.replace('T', ' ').slice(0, 16))} UTC.</p>`,
      ),
    };
  };

  return async (token: string, request: IncomingMessage): Promise<Page> => {
    if (!TOKEN.test(token)) return notValid();
    if (request.method !== 'POST') return form(token);
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const body = await readLimitedBody(request, FORM_LIMIT);
    if (body === 'too-large' || contentType !== 'application/x-www-form-urlencoded')
      return form(token, 'The form could not be read: send it again.');
    const fields = new URLSearchParams(body.toString('utf8'));
    const password = fields.get('password') ?? '';
    if (password === '') return form(token, 'Enter a password.');
    if (password !== fields.get('confirm')) return form(token, 'The two passwords differ.');
    try {
      const { username } = await deps.directory.acceptInvitation(token, password);
      return {
        status: 200,
        body: page(
          'Account activated',
          `<h1>Your account is ready</h1>
      <p>The password of <strong>${escape(username)}</strong> is set. Sign in to ${escape(deps.name)} with it.</p>`,
        ),
      };
    } catch (error) {
      if (error instanceof RosterError && error.code === 'NOT_FOUND') return notValid();
      if (error instanceof RosterError && error.code === 'INVALID_INPUT') return form(token, error.message);
      throw error;
    }
  };
}
