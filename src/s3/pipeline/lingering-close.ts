/**
 * Lingering close: how a connection ends when the server answered before reading the whole
 * request body (an early refusal with more body than it drains).
 *
 * node:http ends a `Connection: close` response with `socket.destroySoon()`: FIN after the last
 * write, then a full close. Closing a socket whose receive queue still holds (or keeps getting)
 * body bytes makes the kernel send a reset, and the client's kernel then drops whatever it had
 * received and not yet read: the client sees ECONNRESET/EPIPE instead of the error response.
 * nginx and Apache avoid this with a lingering close, and so does this module: after the
 * response, the socket is half-closed (FIN) and whatever still arrives is read and discarded
 * (the request is dumped by node:http, the parser keeps consuming), until the client closes its
 * side, no byte has arrived for `idleMs`, or `totalMs` has passed since the response ended.
 */
import type { IncomingMessage } from 'node:http';

export interface LingerLimits {
  /** Close when no byte arrived for this long (nginx lingering_timeout: 5 s). */
  readonly idleMs: number;
  /** Close at the latest this long after the response ended (nginx lingering_time: 30 s). */
  readonly totalMs: number;
}

export const DEFAULT_LINGER: LingerLimits = { idleMs: 2_000, totalMs: 30_000 };

/** Arms a lingering close on the request's socket; call when the response says Connection: close. */
export function lingerAfterResponse(req: IncomingMessage, limits: LingerLimits = DEFAULT_LINGER): void {
  const socket = req.socket;
  socket.destroySoon = function lingeringDestroySoon(): void {
    if (socket.destroyed) return;
    const close = (): void => { socket.destroy(); };
    const total = setTimeout(close, limits.totalMs);
    socket.once('close', () => { clearTimeout(total); });
    // Inactivity timer: node:http's parser refreshes it on every chunk it consumes.
    socket.setTimeout(limits.idleMs);
    socket.once('timeout', close);
    // Not reading would leave the bytes in the receive queue and the peer blocked on a full window.
    req.resume();
    socket.resume();
    socket.end();
  };
}
