import { api } from '../../../../shared/api';
import { exportQueryOf } from '../../../../shared/api/userExport';
import type { UserExportRequest } from '../../../../shared/domain/userExport';
import { createHttpStream, decodedText } from './httpStream';
import type { HttpJsonOptions } from './httpJson';
import { badAnswer } from './remoteErrors';
import type { RemoteSession } from './remoteSession';

/**
 * The instance server's export, passed through as it arrives: the server writes the CSV, this only
 * decodes it (keeping the BOM, which belongs to the file). Nothing is asked of the server until
 * the first chunk is.
 */
export function createRemoteExport(session: RemoteSession, options: HttpJsonOptions) {
  const stream = createHttpStream(options, api.exportUsers.file.mediaTypes[0]);
  return async function* exportUsers(request: UserExportRequest): AsyncGenerator<string> {
    const query = new URLSearchParams(exportQueryOf(request)).toString();
    const answer = await session.requestWith(stream, {
      method: api.exportUsers.method,
      path: `${api.exportUsers.path}?${query}`,
    });
    if (!answer.chunks) throw badAnswer(answer, 'not CSV');
    yield* decodedText(answer.chunks);
  };
}
