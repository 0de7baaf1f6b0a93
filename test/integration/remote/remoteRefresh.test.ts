import { describe, expect, it } from 'vitest';
import { createRemoteDirectory } from '../../../electron/services/directory/remote/remoteDirectory';
import { ADMIN } from '../server/support/instanceFile';
import { useServedInstance } from '../server/support/servedInstance';

/** Access tokens that live one second: an expired one is refreshed transparently. */

const served = useServedInstance(['--access-ttl', '1']);

describe('the remote directory with short-lived access tokens', () => {
  it('refreshes an expired access token and sends the request again', async () => {
    const paths: string[] = [];
    const directory = createRemoteDirectory({
      baseUrl: served().server.url,
      credentials: { username: ADMIN.username, password: ADMIN.password },
      fetch: (input, init) => {
        // A token request is named by its grant, which its form body carries.
        const grant = typeof init.body === 'string' ? new URLSearchParams(init.body).get('grant_type') : null;
        paths.push(`${init.method ?? 'GET'} ${new URL(input).pathname}${grant === null ? '' : ` ${grant}`}`);
        return fetch(input, init);
      },
    });
    await directory.searchUsers({ query: '', offset: 0, limit: 10 });
    const first = directory.tokens();
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const answer = await directory.searchUsers({ query: '', offset: 0, limit: 10 });
    expect(answer.total).toBeGreaterThan(0);
    expect(directory.tokens()?.refreshToken).not.toBe(first?.refreshToken);
    expect(paths).toEqual([
      'POST /oauth/token password',
      'GET /api/users',
      'GET /api/users',
      'POST /oauth/token refresh_token',
      'GET /api/users',
    ]);
  });
});
