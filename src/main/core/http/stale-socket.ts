/**
 * Recognises a keep-alive connection that the server closed while it sat
 * idle: the request went out on a reused socket and the socket failed
 * before any byte of the response came back. Such a failure says nothing
 * about the provider's health, so the client sends the request once more on
 * a fresh connection.
 *
 * undici does not say whether a socket was reused, so the connector marks
 * each socket it opens: it notes the bytes read when a request is written,
 * and an error on a socket that had read bytes before that write (earlier
 * responses) and none since is recorded as stale.
 */
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/** Error codes of a connection the server closed or reset. */
const CLOSED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

const staleErrors = new WeakSet<object>();

/**
 * Returns an undici connector that opens sockets like `buildConnector(options)`
 * and marks the errors of reused sockets that failed before the response.
 */
export function staleAwareConnector(options: buildConnector.BuildOptions): buildConnector.connector {
  const connect = buildConnector(options);

  return (connectOptions, callback) => {
    connect(connectOptions, (...args: Parameters<buildConnector.Callback>) => {
      const socket = args[1];
      if (socket) watchSocket(socket);
      callback(...args);
    });
  };
}

function watchSocket(socket: Socket): void {
  let readAtLastWrite = 0;
  const write = socket.write;
  socket.write = function (this: Socket, ...args: unknown[]) {
    readAtLastWrite = socket.bytesRead;
    return (write as (...rest: unknown[]) => boolean).apply(this, args);
  } as Socket['write'];

  // Registered before undici's own listener, so the mark is set before the request fails.
  socket.on('error', (error: Error) => {
    if (readAtLastWrite > 0 && socket.bytesRead === readAtLastWrite) staleErrors.add(error);
  });
}

/**
 * Whether `error` (or an error in its cause chain) is a close or reset of a
 * reused keep-alive socket before any byte of the response arrived.
 */
export function isStaleConnectionError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (staleErrors.has(current) && typeof code === 'string' && CLOSED_CODES.has(code)) return true;

    current = (current as Error & { cause?: unknown }).cause;
  }
  return false;
}
