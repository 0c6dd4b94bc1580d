import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';

/** A server listening on a free loopback port, and how to stop it. */
export interface TestServer {
  url: string;
  close(): Promise<void>;
}

async function listening(server: Server | TcpServer, sockets: Set<Socket>): Promise<TestServer> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A server that accepts connections and never answers: what a hung upstream looks like. */
export function silentServer(): Promise<TestServer> {
  return listening(createTcpServer(), new Set());
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * An HTTP proxy in front of `target` that refuses request bodies over `maxBodyBytes` with 413
 * (as a gateway with a lower limit than the API's would) and forwards everything else.
 */
export function limitingProxy(target: string, maxBodyBytes: number): Promise<TestServer> {
  const server = createHttpServer(async (request, response) => {
    const body = await bodyOf(request);
    if (body.length > maxBodyBytes) {
      response.writeHead(413, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Request Entity Too Large' }));
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
      ),
    );
    const answer = await fetch(`${target}${request.url}`, {
      method: request.method ?? 'GET',
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  return listening(server, new Set());
}

/** An HTTP server that answers every request with this status and body, as a misconfigured proxy might. */
export function fixedAnswerServer(
  status: number,
  body: string,
  contentType = 'text/html',
): Promise<TestServer> {
  const server = createHttpServer(async (request, response) => {
    await bodyOf(request);
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  });
  return listening(server, new Set());
}
