/**
 * Committing a fault against the connection, as WireMock's JettyFaultInjector and mockttp's steps do:
 * - `reset`: a TCP RST (`socket.resetAndDestroy()`), the client sees ECONNRESET;
 * - `empty`: the connection closed (FIN) with no byte sent;
 * - `malformed`: a status line, then bytes that are no HTTP, then close;
 * - `hang`: nothing, ever: the connection stays open until the client gives up or the mock stops (the host's
 *   stop() destroys every connection, so it never waits on one).
 * The request body has been read before (the receive stage), so a reset is the fault and not leftover input.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultKind } from './overrides/model.js';

export function commitFault(res: ServerResponse, fault: FaultKind): void {
  const socket = res.socket as (Socket & { resetAndDestroy?: () => Socket }) | null;
  if (!socket || socket.destroyed) return;
  switch (fault) {
    case 'reset':
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return;
    case 'empty':
      socket.end();
      return;
    case 'malformed':
      socket.write('HTTP/1.1 200 OK\r\n');
      // Bytes no parser takes for a header line: control characters and no colon.
      socket.write(Buffer.concat([Buffer.from([0, 1, 2, 3, 0x7f]), randomBytes(64).map((b) => (b === 0x3a ? 0 : b))]));
      socket.end();
      return;
    case 'hang':
      return;
  }
}
