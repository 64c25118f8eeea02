import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { toProblem } from '@benefits/kernel';
import { EdgeErrors } from './errors';

/**
 * Requests Node refuses before any handler sees them (headers over the limit, broken framing)
 * answer with the product's error body instead of Node's empty one.
 */
export function installClientErrorHandler(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const refusal =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? EdgeErrors.HEADERS_TOO_LARGE()
        : EdgeErrors.MALFORMED_REQUEST({ reason: typeof error.code === 'string' ? error.code : 'parse error' });
    // A request that timed out gets its own status, as Node would give it.
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : refusal.status;
    const body = JSON.stringify(toProblem(refusal));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
