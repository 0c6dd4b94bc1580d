import { createServer, type Server } from 'node:net';
import { portInUseError } from './stackErrors';

/**
 * Starts `server` listening on 127.0.0.1:`port` (0 picks a free one) and resolves with the
 * port; a taken port rejects with the one-line fix naming `variable`, never a stack trace.
 */
export function listen(server: Server, port: number, variable: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? portInUseError(port, variable) : error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Stops accepting connections, ends the open ones, and resolves once the server closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}

/**
 * Fails with the one-line fix when `port` is taken. For the ports a child process binds
 * (PostgreSQL, the emulator): the child would only exit with a log, or — PostgreSQL — the
 * stack would find a stranger answering on its port and take it for its own.
 */
export async function ensurePortFree(port: number, variable: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await listen(probe, port, variable);
  await closeServer(probe);
}
