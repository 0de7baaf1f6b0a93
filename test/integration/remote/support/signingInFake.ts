import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeAnswer = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A fake instance server on 127.0.0.1 that signs anyone in and answers every other request with
 * the answer a test gives, for failures a real server would not make. One at a time; `stop` ends
 * it with its connections (some answers never end on their own).
 */
export function signingInFake() {
  const sockets = new Set<Socket>();
  let fake: Server | undefined;
  return {
    async start(answer: FakeAnswer): Promise<string> {
      const server = createServer((request, response) => {
        request.resume();
        request.on('end', () => {
          if (request.url === '/oauth/token') {
            response.writeHead(200, { 'Content-Type': 'application/json' });
            response.end(
              JSON.stringify({
                access_token: 'access',
                token_type: 'Bearer',
                expires_in: 3600,
                refresh_token: 'refresh',
                scope: 'read write',
                password_change_required: false,
              }),
            );
          } else answer(request, response);
        });
      });
      fake = server;
      server.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async stop(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (fake ? fake.close(() => resolve()) : resolve()));
      fake = undefined;
    },
  };
}
